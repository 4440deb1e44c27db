// A page's lines that the page recogniser returned empty, read again as Hangul: what a Korean side prints
// besides its fields (the back's address-change table and notices), for recognising that side.
import type { Point } from '../geometry/quad.js';
import { readHangulLines } from '../ocr/hangul-reader.js';
import type { Page } from './page.js';

/** The texts of the page's longest `limit` unread lines read as Hangul (empty readings left out). */
export async function unreadLinesAsHangul(page: Page, limit = 8): Promise<string[]> {
  const longest = [...page.unread].sort((a, b) => length(b.quad) - length(a.quad)).slice(0, limit);
  const read = await readHangulLines(
    page.gray,
    longest.map((l) => l.quad),
  );
  return read.map((r) => r.text).filter((t) => t !== '');
}

function length(quad: readonly [Point, Point, Point, Point]): number {
  return Math.hypot(quad[1].x - quad[0].x, quad[1].y - quad[0].y);
}
