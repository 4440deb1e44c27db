// Field extraction from the read lines of one document side, driven by a document model: captions are
// found first (the model's own, then the common lexicon), and the value is taken after the caption on
// the same line, from the next box to its right, or from the lines below it; fields whose caption is not
// found fall back to the model's layout region, and dates left over are placed by their order in life
// (birth < issue < expiry).
import { commonLabels } from '../documents/labels.js';
import type { DocumentModel, FieldModel, FieldName, Side } from '../documents/types.js';
import { distance, lerp, type Point, type Quad } from '../geometry/quad.js';
import { subQuad } from '../ocr/text-recognizer.js';
import type { DateRole } from './dates.js';
import { findLabel, isNumberedLabel, type LabelHit, prepareLabel } from './label-match.js';
import type { PageLine } from './page.js';
import { fold, isStrayMark, readValue, type ValueMatch } from './values.js';

export type ExtractionMethod = 'label' | 'region' | 'order' | 'then';

export interface ExtractedField {
  readonly field: FieldName;
  readonly value: string;
  /** 0..1: recognition confidence of the value's characters. */
  readonly confidence: number;
  /** The value's box in the processed image (tl, tr, br, bl). */
  readonly quad: Quad;
  readonly side: Side;
  readonly method: ExtractionMethod;
  readonly yearOnly?: boolean;
  /** The line and character span a one-line value was read from (for a look at its glyphs). */
  readonly source?: { readonly line: PageLine; readonly start: number; readonly end: number };
}

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly height: number;
}

interface Hit extends LabelHit {
  readonly field: FieldName;
  readonly line: number;
  /** Own labels of the model rank above the common lexicon. */
  readonly own: boolean;
}

interface Claim {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

const roles: Partial<Record<FieldName, DateRole>> = {
  birthDate: 'birth',
  issueDate: 'issue',
  expiryDate: 'expiry',
};

export interface ExtractOptions {
  readonly today: Date;
  /** Page size, for the layout regions. */
  readonly width: number;
  readonly height: number;
}

export function extractFields(
  lines: readonly PageLine[],
  model: DocumentModel,
  side: Side,
  options: ExtractOptions,
): ExtractedField[] {
  const fieldModels = model.fields.filter((f) => f.side === side);
  if (fieldModels.length === 0 || lines.length === 0) return [];
  const folded = lines.map((l) => fold(l.text));
  const boxes = lines.map((l) => boxOf(l.quad));
  const hits = findHits(folded, fieldModels);
  const labelOnly = lines.map((l, i) =>
    isLabelOnly(
      l.text,
      hits.filter((h) => h.line === i),
    ),
  );
  const claims: Claim[] = [];
  const claimed = (line: number, start: number, end: number): boolean =>
    claims.some((c) => c.line === line && start < c.end && end > c.start);
  const out = new Map<FieldName, ExtractedField>();

  const take = (
    field: FieldModel,
    line: number,
    match: ValueMatch,
    method: ExtractionMethod,
    offset = 0,
  ): ExtractedField => {
    const l = lines[line]!;
    const start = match.start + offset;
    const end = match.end + offset;
    claims.push({ line, start, end });
    const chars = l.chars.slice(start, end).filter((c) => c.char !== ' ');
    const confidence =
      chars.length > 0 ? chars.reduce((s, c) => s + c.confidence, 0) / chars.length : l.confidence;
    const result: ExtractedField = {
      field: field.field,
      value: match.value,
      confidence,
      quad: [...match.value.trim()].length === 1 ? asCell(subQuad(l, start, end)) : subQuad(l, start, end),
      side,
      method,
      ...(match.yearOnly ? { yearOnly: true } : {}),
      source: { line: l, start, end },
    };
    out.set(field.field, result);
    return result;
  };

  const read = (field: FieldModel, text: string) =>
    readValue(field.kind, text, field, {
      order: model.dateOrder,
      role: roles[field.field] ?? 'other',
      today: options.today,
    });

  /** After a value, the same line may carry the next field ("12.08.1983 BERLIN"). */
  const follow = (field: FieldModel, line: number, after: number): void => {
    if (!field.followedBy || out.has(field.followedBy)) return;
    const next = fieldModels.find((f) => f.field === field.followedBy);
    if (!next) return;
    const rest = lines[line]!.text.slice(after);
    const match = read(next, rest);
    if (match && !claimed(line, after + match.start, after + match.end))
      take(next, line, match, 'then', after);
  };

  // 1. Captioned values, strongest captions first.
  const ordered = [...hits].sort((a, b) => Number(b.own) - Number(a.own) || b.quality - a.quality);
  for (const hit of ordered) {
    const field = fieldModels.find((f) => f.field === hit.field)!;
    if (out.has(field.field)) continue;
    const found = valueNearLabel(hit, field);
    if (found) {
      const extracted = take(field, found.line, found.match, 'label', found.offset);
      extendLines(field, found.line, extracted);
      follow(field, found.line, found.offset + found.match.end);
    }
  }

  // 2. Layout regions for the fields still missing.
  for (const field of fieldModels) {
    if (out.has(field.field) || !field.region) continue;
    const region = scaledRegion(field.region, options);
    let best: { line: number; match: ValueMatch; overlap: number } | null = null;
    lines.forEach((_, i) => {
      if (labelOnly[i]) return;
      const overlap = overlapShare(boxes[i]!, region);
      if (overlap < 0.5) return;
      const text = maskClaims(i);
      const match = read(field, text);
      if (!match || claimed(i, match.start, match.end)) return;
      if (!best || overlap > best.overlap) best = { line: i, match, overlap };
    });
    const chosen = best as { line: number; match: ValueMatch; overlap: number } | null;
    if (chosen) {
      const extracted = take(field, chosen.line, chosen.match, 'region');
      extendLines(field, chosen.line, extracted);
      follow(field, chosen.line, chosen.match.end);
    }
  }

  // 3. Dates still missing: by their order in life.
  placeDatesByOrder();

  return [...out.values()];

  function findHits(foldedLines: readonly string[], fields: readonly FieldModel[]): Hit[] {
    const all: Hit[] = [];
    foldedLines.forEach((text, line) => {
      const candidates: Hit[] = [];
      for (const f of fields) {
        const own = f.labels.map(prepareLabel);
        const common = (commonLabels[f.field] ?? []).map(prepareLabel).filter((l) => !own.includes(l));
        for (const [labels, isOwn] of [
          [own, true],
          [common, false],
        ] as const) {
          for (const label of labels) {
            const hit = findLabel(text, label);
            if (hit) candidates.push({ ...hit, field: f.field, line, own: isOwn });
          }
        }
      }
      // Longest captions win overlapping spans ("GIVEN NAMES" over "NAMES"); own over common on ties.
      candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || Number(b.own) - Number(a.own));
      const kept: Hit[] = [];
      for (const c of candidates) {
        if (kept.some((k) => c.start < k.end && c.end > k.start && k.field !== c.field)) continue;
        if (kept.some((k) => k.field === c.field && c.start < k.end && c.end > k.start)) continue;
        kept.push(c);
      }
      all.push(...joinBilingual(kept, text));
    });
    return all;
  }

  function maskClaims(line: number): string {
    const chars = [...lines[line]!.text];
    for (const c of claims) {
      if (c.line !== line) continue;
      for (let k = c.start; k < c.end; k++) chars[k] = ' ';
    }
    for (const h of hits) {
      if (h.line !== line) continue;
      for (let k = h.start; k < h.end; k++) chars[k] = ' ';
    }
    return chars.join('');
  }

  function valueNearLabel(
    hit: Hit,
    field: FieldModel,
  ): { line: number; match: ValueMatch; offset: number } | null {
    // a. On the caption's own line, after it (other captions masked out).
    const masked = maskClaims(hit.line);
    const after = masked.slice(hit.end);
    const nextCaption = hits
      .filter((h) => h.line === hit.line && h.start >= hit.end && h.field !== hit.field)
      .sort((a, b) => a.start - b.start)[0];
    const inline = nextCaption ? after.slice(0, nextCaption.start - hit.end) : after;
    // A caption continued in another language ("Place of birth / Lieu de" with the rest on the next line)
    // is not the value.
    const inlineMatch = /^\s*\/\s*\p{L}/u.test(inline) ? null : read(field, inline);
    if (inlineMatch && !claimed(hit.line, hit.end + inlineMatch.start, hit.end + inlineMatch.end))
      return { line: hit.line, match: inlineMatch, offset: hit.end };
    // Caption position within its line (it may be one of several on a line).
    const labelBox = spanBox(hit.line, hit.start, hit.end);
    const candidates: { line: number; distance: number }[] = [];
    lines.forEach((_, i) => {
      if (i === hit.line || labelOnly[i]) return;
      // A line that carries another field's caption holds that field's value.
      if (hits.some((h) => h.line === i && h.field !== hit.field)) return;
      const b = boxes[i]!;
      const h = Math.max(labelBox.height, b.height);
      const sameRow = verticalOverlap(labelBox, b) > 0.5 * Math.min(labelBox.height, b.height);
      // b. To the right on the same row.
      if (sameRow && b.left >= labelBox.right - h * 0.5 && b.left - labelBox.right < options.width * 0.4) {
        candidates.push({ line: i, distance: (b.left - labelBox.right) / h });
        return;
      }
      // c. Below, starting near the caption's left edge (or overlapping it).
      const gap = b.top - labelBox.bottom;
      const aligned =
        Math.abs(b.left - labelBox.left) < 2.5 * h ||
        (b.left < labelBox.right && b.right > labelBox.left && b.left > labelBox.left - 2.5 * h);
      if (gap > -0.4 * h && gap < 2.2 * h && aligned) candidates.push({ line: i, distance: 0.5 + gap / h });
    });
    candidates.sort((a, b) => a.distance - b.distance);
    for (const c of candidates) {
      const text = maskClaims(c.line);
      const match = read(field, text);
      if (match && !claimed(c.line, match.start, match.end)) return { line: c.line, match, offset: 0 };
    }
    return null;
  }

  /** A name or text value the detector split at a wide word gap continues in the next box on its row. */
  function continueRight(field: FieldModel, line: number, first: ExtractedField): ExtractedField {
    if (field.kind !== 'name' && field.kind !== 'text' && field.kind !== 'address') return first;
    const base = boxes[line]!;
    const next = lines
      .map((_, i) => i)
      .filter((i) => i !== line && !labelOnly[i] && !claims.some((c) => c.line === i))
      .filter((i) => {
        const b = boxes[i]!;
        const gap = b.left - base.right;
        return (
          verticalOverlap(base, b) > 0.6 * Math.min(base.height, b.height) &&
          gap > -0.3 * b.height &&
          gap < 1.2 * b.height
        );
      })
      .sort((a, b) => boxes[a]!.left - boxes[b]!.left)[0];
    if (next === undefined || hits.some((h) => h.line === next)) return first;
    const l = lines[next]!;
    const match = read(field, l.text);
    if (!match || match.start > 0) return first;
    claims.push({ line: next, start: match.start, end: match.end });
    const { source: _, ...rest } = first;
    if (isStrayMark(first.value, match.value)) {
      // The box first taken held a mark beside the value ("丨" before "MADRID"): the value is the next box.
      const alone: ExtractedField = {
        ...rest,
        value: match.value,
        quad: subQuad(l, match.start, match.end),
        confidence: l.confidence,
        source: { line: l, start: match.start, end: match.end },
      };
      out.set(field.field, alone);
      return alone;
    }
    const joined: ExtractedField = {
      ...rest,
      value: `${first.value} ${match.value}`,
      quad: unionQuad(first.quad, subQuad(l, match.start, match.end)),
      confidence: (first.confidence + l.confidence) / 2,
    };
    out.set(field.field, joined);
    return joined;
  }

  /** Multi-line values (addresses, long names) continue on aligned lines below. */
  function extendLines(field: FieldModel, line: number, single: ExtractedField): void {
    const first = continueRight(field, line, single);
    const extra = (field.lines ?? 1) - 1;
    if (extra <= 0) return;
    let current = line;
    let value = first.value;
    let quad = first.quad;
    const confidences = [first.confidence];
    for (let k = 0; k < extra; k++) {
      const base = boxOf(quad);
      const next = lines
        .map((_, i) => i)
        .filter((i) => i !== current && !labelOnly[i] && !claims.some((c) => c.line === i))
        .filter((i) => {
          const b = boxes[i]!;
          const gap = b.top - base.bottom;
          return gap > -0.3 * b.height && gap < 1.2 * b.height && Math.abs(b.left - base.left) < 2 * b.height;
        })
        .sort((a, b) => boxes[a]!.top - boxes[b]!.top)[0];
      if (next === undefined) break;
      const l = lines[next]!;
      const match = read(field, l.text);
      if (!match) break;
      claims.push({ line: next, start: match.start, end: match.end });
      const part = subQuad(l, match.start, match.end);
      value = field.kind === 'address' ? `${value}, ${match.value}` : `${value} ${match.value}`;
      quad = unionQuad(quad, part);
      confidences.push(l.confidence);
      current = next;
    }
    if (value === first.value) return;
    const { source: _, ...rest } = first;
    out.set(field.field, {
      ...rest,
      value,
      quad,
      confidence: confidences.reduce((s, c) => s + c, 0) / confidences.length,
    });
  }

  function placeDatesByOrder(): void {
    const missing = fieldModels.filter((f) => f.kind === 'date' && !out.has(f.field) && roles[f.field]);
    if (missing.length === 0) return;
    const dates: { line: number; match: ValueMatch }[] = [];
    lines.forEach((_, i) => {
      const text = maskClaims(i);
      let offset = 0;
      for (;;) {
        const match = readValue('date', text.slice(offset), undefined, {
          order: model.dateOrder,
          role: 'other',
          today: options.today,
        });
        if (!match || match.yearOnly) break;
        dates.push({ line: i, match: { ...match, start: match.start + offset, end: match.end + offset } });
        offset += match.end;
      }
    });
    if (dates.length === 0) return;
    dates.sort((a, b) => a.match.value.localeCompare(b.match.value));
    const today = options.today.toISOString().slice(0, 10);
    const birth = dates[0]!;
    const expiry = dates[dates.length - 1]!;
    for (const field of missing) {
      let pick: { line: number; match: ValueMatch } | undefined;
      if (field.field === 'birthDate' && birth.match.value < today && dates.length >= 2) pick = birth;
      if (field.field === 'expiryDate' && dates.length >= 2 && expiry !== birth) pick = expiry;
      if (field.field === 'issueDate' && dates.length >= 3) pick = dates[dates.length - 2];
      if (!pick || claimed(pick.line, pick.match.start, pick.match.end)) continue;
      take(field, pick.line, pick.match, 'order');
    }
  }

  function spanBox(line: number, start: number, end: number): Box {
    const l = lines[line]!;
    return boxOf(subQuad(l, start, Math.min(end, l.chars.length)));
  }
}

/**
 * One field's captions in several languages on one line ("Comune di / Municipality") are one caption:
 * its value is placed from the whole caption, not from one of its languages.
 */
function joinBilingual(hits: readonly Hit[], text: string): Hit[] {
  const out: Hit[] = [];
  for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
    const k = out.findIndex(
      (o) =>
        o.field === hit.field && o.end <= hit.start && /^[\s/|,.:;-]*$/.test(text.slice(o.end, hit.start)),
    );
    const prev = out[k];
    if (prev)
      out[k] = {
        ...prev,
        end: hit.end,
        quality: Math.max(prev.quality, hit.quality),
        own: prev.own || hit.own,
      };
    else out.push(hit);
  }
  return out;
}

function isLabelOnly(text: string, hits: readonly LabelHit[]): boolean {
  if (hits.length === 0) return false;
  const chars = [...text];
  for (const h of hits) for (let k = h.start; k < h.end; k++) chars[k] = ' ';
  return chars.join('').replace(/[\s/|:.,\-()]/g, '').length === 0;
}

function boxOf(quad: Quad): Box {
  const xs = quad.map((p) => p.x);
  const ys = quad.map((p) => p.y);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  return { left: Math.min(...xs), right: Math.max(...xs), top, bottom, height: Math.max(1, bottom - top) };
}

function scaledRegion(region: readonly [number, number, number, number], o: ExtractOptions): Box {
  const [l, t, r, b] = region;
  const pad = 0.03;
  return {
    left: (l - pad) * o.width,
    right: (r + pad) * o.width,
    top: (t - pad) * o.height,
    bottom: (b + pad) * o.height,
    height: (b - t + 2 * pad) * o.height,
  };
}

/** Share of `box` inside `region`. */
function overlapShare(box: Box, region: Box): number {
  const w = Math.max(0, Math.min(box.right, region.right) - Math.max(box.left, region.left));
  const h = Math.max(0, Math.min(box.bottom, region.bottom) - Math.max(box.top, region.top));
  const area = (box.right - box.left) * (box.bottom - box.top);
  return area > 0 ? (w * h) / area : 0;
}

function verticalOverlap(a: Box, b: Box): number {
  return Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
}

/**
 * The box of a one-glyph value as wide as a character cell: a narrow glyph's ink ("I", "1") is a sliver of
 * the place it is printed in. An average capital's advance is about its height in sans type.
 */
function asCell(quad: Quad): Quad {
  const [tl, tr, br, bl] = quad;
  const length = (distance(tl, tr) + distance(bl, br)) / 2;
  const height = (distance(tl, bl) + distance(tr, br)) / 2;
  if (length >= height || length <= 0) return quad;
  const grow = (height - length) / 2 / length;
  return [lerp(tl, tr, -grow), lerp(tl, tr, 1 + grow), lerp(bl, br, 1 + grow), lerp(bl, br, -grow)];
}

function unionQuad(a: Quad, b: Quad): Quad {
  const pts: Point[] = [...a, ...b];
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const l = Math.min(...xs);
  const r = Math.max(...xs);
  const t = Math.min(...ys);
  const bo = Math.max(...ys);
  return [
    { x: l, y: t },
    { x: r, y: t },
    { x: r, y: bo },
    { x: l, y: bo },
  ];
}

export { isNumberedLabel };
