// Fields a model prints in Hangul (script: 'hangul'), which the page recogniser cannot read: their lines
// come back empty (the page's `unread` lines) or as their other characters alone. Such a field is read
// from the lines in its layout region by the Hangul line reader, or from the region itself when the
// detector found no line there; what comes back must still fit the field (pattern, kind). Other fields
// cost nothing.
import type { DocumentModel, FieldModel, Side } from '../documents/types.js';
import type { Quad } from '../geometry/quad.js';
import { readHangulLines } from '../ocr/hangul-reader.js';
import { type ExtractedField, type ExtractOptions, extractFields } from './extract.js';
import type { Page, PageLine } from './page.js';
import { quadCentre } from './page.js';

type RegionField = FieldModel & { region: NonNullable<FieldModel['region']> };

/**
 * `found` (the side's fields as read) with its Hangul fields read as Hangul: those missing, and those found
 * whose region holds a line the page recogniser returned empty (a Korean address whose digits alone were
 * read). A found value is replaced only by one that holds Hangul.
 */
export async function withHangulFields(
  page: Page,
  model: DocumentModel,
  side: Side,
  found: readonly ExtractedField[],
  options: ExtractOptions,
): Promise<ExtractedField[]> {
  const wanted = model.fields.filter(
    (f): f is RegionField =>
      f.side === side &&
      f.script === 'hangul' &&
      f.region !== undefined &&
      (!found.some((x) => x.field === f.field) ||
        page.unread.some((l) => centreIn(l.quad, f.region!, options))),
  );
  if (wanted.length === 0) return [...found];
  const sources: { quad: Quad; line: PageLine | null }[] = [];
  for (const field of wanted) {
    // Unread lines first; then lines read as something else (a name followed by its Han spelling in
    // brackets reads as the brackets alone), at most three per field.
    const inside = [...page.unread, ...page.lines]
      .filter((l) => centreIn(l.quad, field.region, options))
      .slice(0, 3);
    if (inside.length === 0) sources.push({ quad: regionQuad(field.region, options), line: null });
    for (const line of inside)
      if (!sources.some((s) => s.line === line)) sources.push({ quad: line.quad, line });
  }
  const read = await readHangulLines(
    page.gray,
    sources.map((s) => s.quad),
  );
  const replaced = new Set<PageLine>();
  const extra: PageLine[] = [];
  read.forEach((r, i) => {
    if (r.text === '') return;
    const source = sources[i]!;
    if (source.line) replaced.add(source.line);
    extra.push(asPageLine(r.text, r.confidence, source.quad, source.line));
  });
  if (extra.length === 0) return [...found];
  // In reading order, as the page gives its lines: a field spanning lines continues on the next one.
  const lines = [...page.lines.filter((l) => !replaced.has(l)), ...extra].sort(
    (a, b) => quadCentre(a.quad).y - quadCentre(b.quad).y || quadCentre(a.quad).x - quadCentre(b.quad).x,
  );
  const again = extractFields(lines, model, side, options);
  const out = [...found];
  for (const field of wanted) {
    const value = again.find((f) => f.field === field.field);
    if (!value) continue;
    const at = out.findIndex((f) => f.field === field.field);
    if (at < 0) out.push(value);
    else if (/\p{Script=Hangul}/u.test(value.value)) out[at] = value;
  }
  return out;
}

/**
 * A Hangul reading as a page line. Tesseract gives no per-character positions here; Hangul syllables are
 * set on an even pitch, so characters are spread evenly over the ink the page recogniser measured (or the
 * whole quad when the region was read as it is).
 */
function asPageLine(text: string, confidence: number, quad: Quad, line: PageLine | null): PageLine {
  const left = line?.ink.left ?? 0;
  const right = line?.ink.right ?? 1;
  const glyphs = [...text];
  const chars = glyphs.map((char, i) => ({
    char,
    confidence,
    position: left + ((i + 0.5) / glyphs.length) * (right - left),
  }));
  return {
    text,
    confidence,
    chars,
    quad,
    ink: line?.ink ?? { left: 0, right: 1, top: 0, bottom: 1, columns: new Uint8Array(0), wordGap: 0 },
    detection: line?.detection ?? 0,
  };
}

function centreIn(quad: Quad, region: RegionField['region'], o: ExtractOptions): boolean {
  const c = quadCentre(quad);
  const [l, t, r, b] = region;
  return c.x >= l * o.width && c.x <= r * o.width && c.y >= t * o.height && c.y <= b * o.height;
}

function regionQuad(region: RegionField['region'], o: ExtractOptions): Quad {
  const [l, t, r, b] = region;
  return [
    { x: l * o.width, y: t * o.height },
    { x: r * o.width, y: t * o.height },
    { x: r * o.width, y: b * o.height },
    { x: l * o.width, y: b * o.height },
  ];
}
