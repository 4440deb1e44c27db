// Glyph-level repairs of read lines: lines are rendered in DejaVu Sans (the type of the synthetic
// documents), read by the real recogniser, and then one recognised character is changed to its lookalike
// (or a space is taken out): the repair must restore what is printed from the ink alone.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FieldModel } from '../../../src/engine/documents/types.js';
import type { Quad } from '../../../src/engine/geometry/quad.js';
import type { GrayImage } from '../../../src/engine/image/raster.js';
import { recognizeText } from '../../../src/engine/ocr/text-recognizer.js';
import { withDroppedLettersReread } from '../../../src/engine/viz/dropped-letters.js';
import { withLoneGlyphsReread } from '../../../src/engine/viz/lone-glyphs.js';
import { settleLookalikes } from '../../../src/engine/viz/lookalikes.js';
import type { PageLine } from '../../../src/engine/viz/page.js';
import { withWordSpaces } from '../../../src/engine/viz/word-spacing.js';

interface Rendered {
  readonly image: GrayImage;
  readonly quad: Quad;
}

/** One line of text on white paper, 40 px type, with its box. */
async function render(text: string, width = 900): Promise<Rendered> {
  const height = 90;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f2ee"/><text x="40" y="58" font-family="DejaVu Sans" font-size="40" fill="#1a1a1a">${text}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data), width: info.width, height: info.height };
  // The ink's box, padded a little as the text detector's boxes are.
  let left = info.width;
  let right = 0;
  let top = info.height;
  let bottom = 0;
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (image.data[y * info.width + x]! < 128) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
  const pad = 6;
  const quad: Quad = [
    { x: left - pad, y: top - pad },
    { x: right + pad, y: top - pad },
    { x: right + pad, y: bottom + pad },
    { x: left - pad, y: bottom + pad },
  ];
  return { image, quad };
}

async function read(r: Rendered): Promise<PageLine> {
  const [line] = await recognizeText(r.image, [r.quad]);
  return { ...line!, detection: 1 };
}

/** The line with the character at `index` replaced by `char`. */
function misread(line: PageLine, index: number, char: string): PageLine {
  const chars = line.chars.map((c, i) => (i === index ? { ...c, char } : c));
  return { ...line, chars, text: chars.map((c) => c.char).join('') };
}

const licenceNumber: FieldModel = {
  field: 'documentNumber',
  side: 'front',
  kind: 'number',
  labels: [],
  pattern: '[0-9A-Z]{6,11}',
};

describe('glyph-level repairs of read lines', () => {
  let number: { rendered: Rendered; line: PageLine };
  beforeAll(async () => {
    const rendered = await render('I8X774LA10DO3');
    number = { rendered, line: await read(rendered) };
  }, 60_000);

  it('tells I from 1 and O from 0 by shape where the pattern allows both', async () => {
    const { rendered, line } = number;
    expect(line.text).toHaveLength(13);
    const settle = (l: PageLine) =>
      settleLookalikes(rendered.image, l, 0, l.chars.length, l.text, {
        ...licenceNumber,
        pattern: '[0-9A-Z]{13}',
      });
    // Every lookalike misread, one at a time: the bar I, the flagged 1, the narrow 0, the round O.
    for (const [index, wrong] of [
      [0, '1'],
      [8, 'I'],
      [9, 'O'],
      [11, '0'],
    ] as const) {
      expect(settle(misread(line, index, wrong))).toBe('I8X774LA10DO3');
    }
    // Without other digits on the line, an O is measured against the round capitals.
    const lettersImage = await render('GBKP1B0XXFD');
    const letters = await read(lettersImage);
    expect(letters.text).toHaveLength(11);
    expect(
      settleLookalikes(lettersImage.image, misread(letters, 6, 'O'), 0, 11, 'GBKP1BOXXFD', licenceNumber),
    ).toBe('GBKP1B0XXFD');
    // Where the pattern allows one reading only, the shape is not asked.
    const digitsOnly = { ...licenceNumber, pattern: '[0-9A-Z]{8}[0-9]{5}' };
    const wrongDigit = misread(line, 0, '1');
    expect(settleLookalikes(rendered.image, wrongDigit, 0, 13, wrongDigit.text, digitsOnly)).toBe(
      wrongDigit.text,
    );
  });

  it('puts back a word space the recogniser left out, and adds none inside words', async () => {
    const rendered = await render('NZ TRANSPORT AGENCY');
    const line = await read(rendered);
    const spaces = line.chars.flatMap((c, i) => (c.char === ' ' ? [i] : []));
    expect(spaces.length).toBe(2);
    const chars = line.chars.filter((c) => c.char !== ' ');
    const squeezed: PageLine = { ...line, chars, text: chars.map((c) => c.char).join('') };
    expect(squeezed.text).toBe('NZTRANSPORTAGENCY');
    expect(withWordSpaces(rendered.image, squeezed).text).toBe('NZ TRANSPORT AGENCY');
    const word = await render('MUSTERMANN KAWASAKI');
    expect(withWordSpaces(word.image, await read(word)).text).toBe('MUSTERMANN KAWASAKI');
  }, 60_000);

  it('reads a line again stretched where a letter has no character of its own, and leaves read lines alone', async () => {
    const rendered = await render('VIA ROMA 21');
    const line = await read(rendered);
    expect(line.text.replace(/\s/g, '')).toBe('VIAROMA21');
    const [kept] = await withDroppedLettersReread(rendered.image, [line]);
    expect(kept!.line).toBe(line);
    // The I passed over, as the recogniser does between two wide slanted letters.
    const chars = line.chars.filter((c) => c.char !== 'I');
    const dropped: PageLine = { ...line, chars, text: chars.map((c) => c.char).join('') };
    const [again] = await withDroppedLettersReread(rendered.image, [dropped]);
    expect(again!.line.text.replace(/\s/g, '')).toBe('VIAROMA21');
    expect(again!.line.quad).toBe(line.quad);
    // A line too long to stretch whole: the word is read again on its own.
    const long = await render('VIA ROMA 21 MADRID 28013 CALLE MAYOR 7 TORONTO ON M5V 2T6 NAPOLI', 1900);
    const longLine = await read(long);
    const first = longLine.chars.findIndex((c) => c.char === 'I');
    const longChars = longLine.chars.filter((_, i) => i !== first);
    const longDropped: PageLine = {
      ...longLine,
      chars: longChars,
      text: longChars.map((c) => c.char).join(''),
    };
    const [longAgain] = await withDroppedLettersReread(long.image, [longDropped]);
    expect(longAgain!.line.text).toBe(longLine.text);
  }, 60_000);

  it('reads a lone glyph again from several cuts and keeps what most of them read', async () => {
    for (const letter of ['F', 'M']) {
      const rendered = await render(letter, 300);
      const line = await read(rendered);
      const [again] = await withLoneGlyphsReread(rendered.image, [misread(line, 0, 'N')]);
      expect(again!.text.normalize('NFKC')).toBe(letter);
    }
    // A lone bar stays a bar (I, or the l that capitals fields read as I), never another letter.
    const bar = await render('I', 300);
    const line: PageLine = {
      ...(await read(bar)),
      text: 'I',
      chars: [{ char: 'I', confidence: 0.5, position: 0.5 }],
    };
    const [kept] = await withLoneGlyphsReread(bar.image, [line]);
    expect(['I', 'l']).toContain(kept!.text);
  }, 60_000);
});
