// Extended Channel Interpretation: PDF417 symbols may switch character set mid-payload with an ECI
// designator. zxing-cpp reports such payloads in ECI protocol form (ISO/IEC 15424): '\dddddd' switches to
// ECI dddddd and a literal backslash is doubled. We need that form to merge structured-append
// sequences, where a character set chosen in one symbol carries on into the next.

/** WHATWG encoding labels by ECI number; 'latin1' is decoded as true ISO-8859-1. */
const ECI_ENCODINGS: Record<number, string> = {
  0: 'latin1', // CP437 has no WHATWG decoder; its ASCII half agrees with Latin-1
  1: 'latin1',
  2: 'latin1',
  3: 'latin1',
  4: 'iso-8859-2',
  5: 'iso-8859-3',
  6: 'iso-8859-4',
  7: 'iso-8859-5',
  8: 'iso-8859-6',
  9: 'iso-8859-7',
  10: 'iso-8859-8',
  11: 'windows-1254',
  12: 'iso-8859-10',
  13: 'windows-874',
  15: 'iso-8859-13',
  16: 'iso-8859-14',
  17: 'iso-8859-15',
  18: 'iso-8859-16',
  20: 'shift_jis',
  21: 'windows-1250',
  22: 'windows-1251',
  23: 'windows-1252',
  24: 'windows-1256',
  25: 'utf-16be',
  26: 'utf-8',
  27: 'latin1',
  28: 'big5',
  29: 'gb18030',
  30: 'euc-kr',
  31: 'gbk',
  32: 'gb18030',
  33: 'utf-16le',
  170: 'latin1',
  899: 'latin1',
};

export interface EciSegment {
  /** null: no designator seen yet in this stream. */
  eci: number | null;
  bytes: number[];
}

const BACKSLASH = 0x5c;
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

/** Splits an ECI protocol stream (symbology identifier already removed) into character-set segments. */
export function splitEciStream(stream: Uint8Array): EciSegment[] {
  const segments: EciSegment[] = [{ eci: null, bytes: [] }];
  for (let i = 0; i < stream.length; i++) {
    const b = stream[i]!;
    if (b === BACKSLASH && stream[i + 1] === BACKSLASH) {
      segments[segments.length - 1]!.bytes.push(BACKSLASH);
      i++;
      continue;
    }
    if (b === BACKSLASH && [1, 2, 3, 4, 5, 6].every((k) => isDigit(stream[i + k]))) {
      const eci = Number(String.fromCharCode(...stream.subarray(i + 1, i + 7)));
      segments.push({ eci, bytes: [] });
      i += 6;
      continue;
    }
    segments[segments.length - 1]!.bytes.push(b);
  }
  return segments.filter((s, i) => s.bytes.length > 0 || i === segments.length - 1);
}

export function decodeWithEci(bytes: Uint8Array, eci: number | null): string {
  const label = eci === null ? guessEncoding(bytes) : (ECI_ENCODINGS[eci] ?? 'latin1');
  if (label === 'latin1') return Buffer.from(bytes).toString('latin1');
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function guessEncoding(bytes: Uint8Array): string {
  try {
    strictUtf8.decode(bytes);
    return 'utf-8';
  } catch {
    return 'latin1';
  }
}
