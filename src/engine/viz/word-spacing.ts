// Spaces the recogniser left out. Its own word-gap rule (a gap wider than twice the line's typical letter
// gap) is made for monospaced digits; in proportional type the letter gaps are wide enough that a real space
// after a letter pair such as "T A" falls under it ("TRANSPORTAGENCY"). Between two letters of an
// alphabetic script, an ink-free run of at least 0.4 of the text height is a word space: within words the
// widest such run measured on the synthetic documents' sans type is ~0.31, a space is >= 0.45. Narrow
// letters (I, J, l, i, 1...) are left alone, as their cells in monospaced type hold gaps that wide.
import type { GrayImage } from '../image/raster.js';
import type { RecognizedChar } from '../ocr/text-recognizer.js';
import { type LineShapes, lineShapes } from './glyphs.js';
import type { PageLine } from './page.js';

const spaceShare = 0.4;
/** Letters whose cells hold wide ink-free runs in monospaced type. */
const narrow = /[IJLiljft1!|]/;

/**
 * The line with a space between letters that the image shows a word gap between; `measured` are the
 * line's shapes when they are already known.
 */
export function withWordSpaces(image: GrayImage, line: PageLine, measured?: LineShapes | null): PageLine {
  const chars = line.chars;
  const pairs = chars.slice(1).map((b, i) => [chars[i]!, b] as const);
  if (!pairs.some(([a, b]) => spaceable(a, b))) return line;
  const shapes = measured ?? lineShapes(image, line);
  if (!shapes) return line;
  const out: RecognizedChar[] = [chars[0]!];
  let added = false;
  pairs.forEach(([a, b], i) => {
    if (spaceable(a, b) && shapes.columnGaps[i]! >= spaceShare * shapes.textHeight) {
      out.push({ char: ' ', confidence: b.confidence, position: (a.position + b.position) / 2 });
      added = true;
    }
    out.push(b);
  });
  if (!added) return line;
  return { ...line, chars: out, text: out.map((c) => c.char).join('') };
}

function spaceable(a: RecognizedChar, b: RecognizedChar): boolean {
  return isSpacedLetter(a.char) && isSpacedLetter(b.char);
}

/** A letter of a script that separates words by spaces (not Han, Kana or Hangul), and not a narrow one. */
function isSpacedLetter(c: string): boolean {
  return /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u.test(c) && !narrow.test(c);
}
