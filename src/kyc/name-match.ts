// Does the name the applicant typed belong to the name read from the document? Documents print names in
// different orders (MRZ: surname first; VIZ: given names first), drop diacritics or transliterate them
// (ICAO 9303: Ä -> AE, Ø -> OE, ß -> SS) and truncate long names. Applicants omit middle names. So names are
// compared as sets of words, each word in every plausible spelling, and the MRZ's last, possibly truncated,
// word may be a prefix.

const ICAO_TRANSLITERATION: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Ö: 'OE',
  Ü: 'UE',
  ß: 'SS',
  Å: 'AA',
  Æ: 'AE',
  Ø: 'OE',
  Œ: 'OE',
  Þ: 'TH',
  Ð: 'D',
  Ł: 'L',
  Đ: 'D',
  Ħ: 'H',
  Ŧ: 'T',
  Ĳ: 'IJ',
};

function stripMarks(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** The spellings a word may have on a document: plain (marks dropped) and ICAO-transliterated. */
function spellings(word: string): string[] {
  const upper = word.toUpperCase();
  const icao = stripMarks([...upper].map((c) => ICAO_TRANSLITERATION[c] ?? c).join(''));
  const plain = stripMarks(upper).replace(/ß/g, 'SS');
  return [...new Set([plain, icao])].map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''));
}

export function nameWords(name: string): string[] {
  return name
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * True when every word the applicant typed is one of the document's words (in some spelling), at least two
 * words or the whole document name were given, and no document word is contradicted. A word may match a
 * document word it is the start of when that document word is the last one and the name looks truncated.
 */
export function namesMatch(entered: string, documentName: string, truncatedDocument = false): boolean {
  const typed = nameWords(entered).map(spellings);
  const printed = nameWords(documentName).map(spellings);
  if (typed.length === 0 || printed.length === 0) return false;
  const used = new Set<number>();
  for (const options of typed) {
    const index = printed.findIndex(
      (words, i) =>
        !used.has(i) &&
        options.some((option) =>
          words.some(
            (word) =>
              option === word ||
              (truncatedDocument && i === printed.length - 1 && word.length >= 2 && option.startsWith(word)),
          ),
        ),
    );
    if (index < 0) return false;
    used.add(index);
  }
  return typed.length >= Math.min(2, printed.length);
}
