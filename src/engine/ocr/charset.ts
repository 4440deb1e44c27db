// A recognition alphabet maps the model's large output vocabulary onto a small set of characters. Glyphs
// that are only other spellings of an allowed character (lowercase, full-width, typographic chevrons)
// add their probability to it; everything else counts as "no character here" and joins the CTC blank.

export interface Charset {
  readonly chars: string;
  /** For each character of `chars`, the model output indices whose probabilities it collects. */
  readonly sources: readonly (readonly number[])[];
}

const variants: Readonly<Record<string, readonly string[]>> = {
  '<': ['〈', '＜', '《', '‹', '«', 'く'],
  '0': ['０'],
  K: ['Ｋ'],
  O: ['Ｏ'],
};

export const mrzAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

export function buildCharset(chars: string, dictionary: readonly string[]): Charset {
  const index = new Map<string, number>();
  dictionary.forEach((entry, i) => {
    if (i > 0 && !index.has(entry)) index.set(entry, i);
  });
  const sources = [...chars].map((char) => {
    const spellings = [char, ...(variants[char] ?? [])];
    if (/[A-Z]/.test(char)) spellings.push(char.toLowerCase());
    return spellings.map((s) => index.get(s)).filter((i): i is number => i !== undefined);
  });
  return { chars, sources };
}
