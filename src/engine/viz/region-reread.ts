// The text detector can miss a lone short value (the single-letter copy code of a DNI, a sex letter): no
// line is found there, so no caption nor layout region can give it. A field the model constrains (by a
// pattern, or as a sex) whose layout region no detected line covers is read once more from the region
// itself, as one line; what it yields must still fit the field.
import type { DocumentModel, FieldModel, Side } from '../documents/types.js';
import type { Quad } from '../geometry/quad.js';
import { recognizeText } from '../ocr/text-recognizer.js';
import { withDroppedLettersReread } from './dropped-letters.js';
import { type ExtractedField, type ExtractOptions, extractFields } from './extract.js';
import { inkWithin } from './glyphs.js';
import { withLoneGlyphsReread } from './lone-glyphs.js';
import { settleLookalikes } from './lookalikes.js';
import type { Page, PageLine } from './page.js';
import { withWordSpaces } from './word-spacing.js';

/** The side's fields, with those whose value the detector missed read from their layout region. */
export async function extractWithRegionReread(
  page: Page,
  model: DocumentModel,
  side: Side,
  options: ExtractOptions,
): Promise<ExtractedField[]> {
  const shaped = await withDroppedLettersReread(page.gray, await withLoneGlyphsReread(page.gray, page.lines));
  const lines = shaped.map(({ line, shapes }) => withWordSpaces(page.gray, line, shapes));
  const found = settled(page, model, extractFields(lines, model, side, options));
  const missing = model.fields.filter(
    (f): f is FieldModel & { region: NonNullable<FieldModel['region']> } =>
      f.side === side &&
      f.region !== undefined &&
      (f.pattern !== undefined || f.kind === 'sex') &&
      !found.some((x) => x.field === f.field),
  );
  const empty = missing.filter((f) => !page.lines.some((l) => covered(l.quad, f.region, options) > 0.3));
  if (empty.length === 0) return found;
  const quads = empty.map((f) => inkQuad(page, regionQuad(f.region, options)));
  const read = await recognizeText(page.gray, quads);
  const extra: PageLine[] = read.filter((l) => l.text.trim() !== '').map((l) => ({ ...l, detection: 0 }));
  if (extra.length === 0) return found;
  const again = settled(page, model, extractFields([...lines, ...extra], model, side, options));
  const wanted = new Set(empty.map((f) => f.field));
  return [...found, ...again.filter((f) => wanted.has(f.field))];
}

/** Numbers and patterned codes with their I/1 and O/0 settled by the glyphs' shapes. */
function settled(page: Page, model: DocumentModel, fields: readonly ExtractedField[]): ExtractedField[] {
  return fields.map((f) => {
    const fieldModel = model.fields.find((m) => m.field === f.field);
    if (!fieldModel || !f.source) return f;
    if (fieldModel.kind !== 'number' && !(fieldModel.kind === 'text' && fieldModel.pattern)) return f;
    const { line, start, end } = f.source;
    const value = settleLookalikes(page.gray, line, start, end, f.value, fieldModel);
    return value === f.value ? f : { ...f, value };
  });
}

/**
 * The ink inside a region, with a margin, when the region holds some apart from text crossing its edges:
 * a glyph cut out with the paper around it reads better than a region that also shows a caption's bottom.
 */
function inkQuad(page: Page, region: Quad): Quad {
  // A glyph may reach out of its region by half the region's height (a J's hook, a caption-free edge).
  const ink = inkWithin(
    page.gray,
    { left: region[0].x, top: region[0].y, right: region[2].x, bottom: region[2].y },
    0.5,
  );
  if (!ink) return region;
  const pad = 0.25 * (ink.bottom - ink.top);
  const l = Math.max(0, ink.left - pad);
  const r = Math.min(page.gray.width, ink.right + pad);
  const t = Math.max(0, ink.top - pad);
  const b = Math.min(page.gray.height, ink.bottom + pad);
  return [
    { x: l, y: t },
    { x: r, y: t },
    { x: r, y: b },
    { x: l, y: b },
  ];
}

function regionQuad(region: readonly [number, number, number, number], o: ExtractOptions): Quad {
  const [l, t, r, b] = region;
  const x0 = Math.max(0, l * o.width);
  const x1 = Math.min(o.width, r * o.width);
  const y0 = Math.max(0, t * o.height);
  const y1 = Math.min(o.height, b * o.height);
  return [
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
  ];
}

/** Share of the region's area that the axis-aligned box of `quad` covers. */
function covered(quad: Quad, region: readonly [number, number, number, number], o: ExtractOptions): number {
  const [l, t, r, b] = region;
  const xs = quad.map((p) => p.x);
  const ys = quad.map((p) => p.y);
  const w = Math.max(0, Math.min(Math.max(...xs), r * o.width) - Math.max(Math.min(...xs), l * o.width));
  const h = Math.max(0, Math.min(Math.max(...ys), b * o.height) - Math.max(Math.min(...ys), t * o.height));
  const area = (r - l) * o.width * (b - t) * o.height;
  return area > 0 ? (w * h) / area : 0;
}
