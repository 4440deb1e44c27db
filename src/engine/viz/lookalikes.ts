// Letters and digits the recogniser confuses (I/1, O/0), settled by the glyph's shape where the field's
// pattern allows both (alphanumeric licence and card numbers). The pattern cannot say which one is printed
// there; the ink can:
// - a 1 carries a flag at its top-left (and often a foot); an I is a bare bar, or a bar with serifs on both
//   sides;
// - an O is a round letter, wider than the digits beside it; a 0 is as wide as they are (digits share one
//   width in almost every type).
// A glyph that says neither clearly keeps the recogniser's reading.
import { verifyChecksum } from '../documents/checksums.js';
import type { FieldModel } from '../documents/types.js';
import type { GrayImage } from '../image/raster.js';
import { type Glyph, type LineShapes, lineShapes } from './glyphs.js';
import type { PageLine } from './page.js';
import { fold } from './values.js';

export type Lookalike = 'I' | '1' | 'O' | '0';

const pairs: Readonly<Record<Lookalike, Lookalike>> = { I: '1', '1': 'I', O: '0', '0': 'O' };

/** What the recogniser may have written for each lookalike. */
function lookalikeOf(raw: string): Lookalike | null {
  if (raw === 'I' || raw === 'l' || raw === '|') return 'I';
  if (raw === '1') return '1';
  if (raw === 'O' || raw === 'o') return 'O';
  if (raw === '0') return '0';
  return null;
}

/**
 * The value with its lookalike characters settled by shape. `start`/`end` is the value's character span in
 * `line`; the value's letters and digits must correspond one to one to the span's.
 */
export function settleLookalikes(
  image: GrayImage,
  line: PageLine,
  start: number,
  end: number,
  value: string,
  field: FieldModel,
): string {
  const positions: number[] = [];
  for (let i = start; i < end && i < line.chars.length; i++)
    if (/[A-Z0-9|]/.test(fold(line.chars[i]!.char))) positions.push(i);
  const valueAt: number[] = [];
  [...value].forEach((c, k) => {
    if (/[A-Z0-9]/.test(c)) valueAt.push(k);
  });
  if (positions.length !== valueAt.length) return value;
  const re = field.pattern ? new RegExp(`^(?:${field.pattern})$`) : null;
  const fits = (v: string): boolean =>
    (!re || re.test(v)) && (!field.checksum || verifyChecksum(field.checksum, v));
  const chars = [...value];
  let shapes: LineShapes | null | undefined;
  positions.forEach((at, k) => {
    const current = lookalikeOf(line.chars[at]!.char);
    const valueIndex = valueAt[k]!;
    if (!current || lookalikeOf(chars[valueIndex]!) === null) return;
    const other = pairs[current];
    const swapped = [...chars];
    swapped[valueIndex] = other;
    const kept = [...chars];
    kept[valueIndex] = current;
    // Only where both readings are values of the field: elsewhere the pattern has already decided.
    if (!fits(swapped.join('')) || !fits(kept.join(''))) return;
    if (shapes === undefined) shapes = lineShapes(image, line);
    if (!shapes) return;
    const seen = judge(shapes, line, { start, end }, at, current);
    if (seen) chars[valueIndex] = seen;
  });
  return chars.join('');
}

function judge(
  shapes: LineShapes,
  line: PageLine,
  span: { start: number; end: number },
  at: number,
  read: Lookalike,
): Lookalike | null {
  const glyph = shapes.glyphs[at];
  if (!glyph?.alone) return null;
  if (read === 'I' || read === '1') return barOrOne(glyph);
  // Digits of the same value to measure against (1 aside, being narrow in many types; a caption's number
  // on the line is set in other type); without them, the round capitals C, D, G, Q, which an O matches in
  // width and a 0 falls well short of.
  const widthsOf = (re: RegExp): number[] =>
    line.chars.flatMap((c, i) => {
      const g = shapes.glyphs[i];
      const inValue = i >= span.start && i < span.end;
      return i !== at && inValue && re.test(c.char) && g?.alone ? [g.right - g.left] : [];
    });
  const digits = widthsOf(/[2-9]/);
  if (digits.length > 0) return roundOrZero(glyph, digits, 1.1, 1.2);
  return roundOrZero(glyph, widthsOf(/[CDGQ]/), 0.88, 0.97);
}

/** I or 1 from the glyph alone: a flag on one side of the stem's top makes a 1. */
function barOrOne(glyph: Glyph): Lookalike | null {
  const width = glyph.right - glyph.left;
  const height = glyph.bottom - glyph.top;
  const s = Math.max(1, glyph.stroke);
  if (height < 3 * s) return null;
  if (width <= 1.8 * s) return 'I';
  // The stem: the columns inked over most of the glyph's height.
  const cover = new Array<number>(width).fill(0);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (glyph.mask[y * width + x]) cover[x]!++;
  const most = Math.max(...cover);
  if (most < 0.7 * height) return null;
  const stem = cover.map((c, x) => (c >= 0.8 * most ? x : -1)).filter((x) => x >= 0);
  const stemLeft = Math.min(...stem);
  const stemRight = Math.max(...stem) + 1;
  // The top third: how far the ink reaches out of the stem on each side.
  const band = Math.max(1, Math.round(height / 3));
  let reachLeft = 0;
  let reachRight = 0;
  for (let y = 0; y < band; y++)
    for (let x = 0; x < width; x++) {
      if (!glyph.mask[y * width + x]) continue;
      reachLeft = Math.max(reachLeft, stemLeft - x);
      reachRight = Math.max(reachRight, x + 1 - stemRight);
    }
  if (reachLeft >= 1.2 * s && reachRight <= 0.6 * s) return '1';
  if (reachLeft >= 0.8 * s && reachRight >= 0.8 * s && Math.abs(reachLeft - reachRight) <= 0.6 * s)
    return 'I';
  if (reachLeft <= 0.6 * s && reachRight <= 0.6 * s) return 'I';
  return null;
}

/** O or 0 by the glyph's width against reference glyphs: at most `zero` times their median, or at least `round`. */
function roundOrZero(glyph: Glyph, widths: number[], zero: number, round: number): Lookalike | null {
  if (widths.length === 0) return null;
  widths.sort((a, b) => a - b);
  const median = widths[Math.floor(widths.length / 2)]!;
  const ratio = (glyph.right - glyph.left) / median;
  if (ratio >= round) return 'O';
  if (ratio <= zero) return '0';
  return null;
}
