// Glyph pairs an OCR engine confuses in OCR-B. A repair may only move a character along one of these.

/** Letters that are misread digits, for fields that hold only digits. */
export const letterToDigit: Readonly<Record<string, string>> = {
  O: '0',
  D: '0',
  Q: '0',
  U: '0',
  I: '1',
  L: '1',
  T: '1',
  Z: '2',
  A: '4',
  S: '5',
  G: '6',
  B: '8',
};

/** Digits that are misread letters, for fields that hold only letters. */
export const digitToLetter: Readonly<Record<string, string>> = {
  '0': 'O',
  '1': 'I',
  '2': 'Z',
  '4': 'A',
  '5': 'S',
  '6': 'G',
  '8': 'B',
};

/** Two-way confusions tried, under a check digit, inside alphanumeric fields. */
export const alnumSwaps: Readonly<Record<string, readonly string[]>> = {
  '0': ['O', 'D', 'Q'],
  O: ['0'],
  D: ['0', 'O'],
  Q: ['0', 'O'],
  '1': ['I'],
  I: ['1'],
  '2': ['Z'],
  Z: ['2'],
  '5': ['S'],
  S: ['5'],
  '6': ['G'],
  G: ['6'],
  '8': ['B'],
  B: ['8'],
  K: ['<'],
  '<': ['K'],
};
