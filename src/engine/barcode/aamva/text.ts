// Turns raw barcode payload bytes into the text the AAMVA parser works on.
//
// Payloads are nominally ASCII, but real ones arrive with a UTF-8 byte-order mark, as UTF-8 with stray
// C1 control characters (some scanners wrap every separator in U+0090), or as Latin-1 with accented
// letters in jurisdiction subfiles. UTF-8 is tried first because it is self-validating.

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function payloadToText(payload: Uint8Array | string): string {
  const text = typeof payload === 'string' ? payload : bytesToText(payload);
  return stripNoise(text);
}

function bytesToText(bytes: Uint8Array): string {
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
  try {
    return strictUtf8.decode(body);
  } catch {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  }
}

/** Removes a leading BOM, NULs and C1 control characters, none of which AAMVA data can contain. */
function stripNoise(text: string): string {
  let out = '';
  for (const ch of text.replace(/^\uFEFF/, '')) {
    const code = ch.charCodeAt(0);
    if (code !== 0 && (code < 0x80 || code > 0x9f)) out += ch;
  }
  return out;
}
