// Ink height of one glyph. In the OCR-B of many printers digits stand taller than capitals (in Debian's
// OCR-B 7% taller), so a cell that reads as 0 or O says which it is by its height next to the zone's own
// proven digits and letters: a difference a general text recogniser blurs but a row profile keeps.
import type { GrayImage } from '../image/raster.js';

/**
 * Height in pixels of the ink in the middle half of the cell [x0, x1) of a line image, from the first to
 * the last row holding a clear share of ink (edges interpolated). Null when the cell holds no clear ink.
 */
export function glyphInkHeight(line: GrayImage, x0: number, x1: number): number | null {
  const { width, height, data } = line;
  const pitch = x1 - x0;
  const left = Math.max(0, Math.floor(x0 + 0.25 * pitch));
  const right = Math.min(width, Math.ceil(x1 - 0.25 * pitch));
  if (right - left < 2) return null;
  const values: number[] = [];
  const outerLeft = Math.max(0, Math.floor(x0));
  const outerRight = Math.min(width, Math.ceil(x1));
  for (let y = 0; y < height; y++) {
    for (let x = outerLeft; x < outerRight; x++) values.push(data[y * width + x]!);
  }
  values.sort((a, b) => a - b);
  const paper = values[Math.floor(0.9 * (values.length - 1))]!;
  const profile = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let ink = 0;
    for (let x = left; x < right; x++) ink += Math.max(0, paper - data[y * width + x]! - 12);
    profile[y] = ink;
  }
  let peak = 0;
  for (const v of profile) peak = Math.max(peak, v);
  if (peak <= 0) return null;
  const floor = 0.35 * peak;
  let top = 0;
  while (top < height && profile[top]! <= floor) top++;
  let bottom = height - 1;
  while (bottom > top && profile[bottom]! <= floor) bottom--;
  if (bottom <= top) return null;
  const edge = (inside: number, outside: number): number => {
    const vi = profile[inside]!;
    const vo = profile[outside] ?? 0;
    return vi === vo ? 0 : (vi - floor) / (vi - vo);
  };
  return (
    bottom - top + (top > 0 ? edge(top, top - 1) : 0) + (bottom < height - 1 ? edge(bottom, bottom + 1) : 0)
  );
}
