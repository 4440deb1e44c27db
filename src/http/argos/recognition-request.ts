import { ID_TYPES, type IdType } from '../../engine/documents/types.js';
import { stateName } from '../../engine/mrz/states.js';
import { checkCallbackUrl, OutboundError } from '../../webhooks/outbound-policy.js';
import { RecognitionRefusal } from './recognition-errors.js';

// The request checks of POST /modules/recognition in the order of argos.md §3 (steps 3-7; the project
// checks of steps 1-2 come before): the first failing check decides the error code.

/** Largest decoded image (argos.md §3). */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

export interface RecognitionRequest {
  readonly front: Buffer;
  readonly back?: Buffer;
  readonly issuingCountry: string;
  readonly idType: IdType;
  readonly callbackUrl?: string;
}

/** ICAO codes in the `mrz` package that are not ISO 3166-1 alpha-3 countries. */
const icaoOnly = new Set([
  'GBD',
  'GBN',
  'GBO',
  'GBP',
  'GBS',
  'UNO',
  'UNA',
  'UNK',
  'EUE',
  'RKS',
  'ANT',
  'NTZ',
]);

/** ISO alpha-3 (case-insensitive), plus XKX (Kosovo) and UTO (the ICAO specimen state), argos.md §1.7. */
export function isoCountry(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  if (code === 'XKX' || code === 'UTO') return code;
  if (!/^[A-Z]{3}$/.test(code) || code.startsWith('X') || icaoOnly.has(code)) return undefined;
  return stateName(code) ? code : undefined;
}

const absent = (value: unknown): boolean => value === undefined || value === null || value === '';

/** Parses the raw body; throws RecognitionRefusal with the code of the first failing check. */
export function parseRecognitionRequest(raw: unknown): RecognitionRequest {
  let body: unknown = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      body = JSON.parse(raw.toString());
    } catch {
      throw new RecognitionRefusal('1015', 'the body is not JSON');
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new RecognitionRefusal('1015', 'the body is not a JSON object');
  const input = body as Record<string, unknown>;
  if (absent(input.idImage)) throw new RecognitionRefusal('1005', 'idImage is missing');
  if (absent(input.issuingCountry)) throw new RecognitionRefusal('1006', 'issuingCountry is missing');
  if (absent(input.idType)) throw new RecognitionRefusal('1014', 'idType is missing');
  let callbackUrl: string | undefined;
  if ('callbackUrl' in input) {
    if (input.callbackUrl === null || input.callbackUrl === '')
      throw new RecognitionRefusal('1010', 'callbackUrl is empty');
    if (typeof input.callbackUrl !== 'string')
      throw new RecognitionRefusal('1015', 'callbackUrl is not a string');
    try {
      callbackUrl = checkCallbackUrl(input.callbackUrl).toString();
    } catch (error) {
      if (error instanceof OutboundError)
        throw new RecognitionRefusal('1015', `callbackUrl: ${error.message}`);
      throw error;
    }
  }
  const issuingCountry =
    typeof input.issuingCountry === 'string' ? isoCountry(input.issuingCountry) : undefined;
  if (!issuingCountry)
    throw new RecognitionRefusal('1015', 'issuingCountry is not an ISO 3166-1 alpha-3 code');
  const idType = typeof input.idType === 'string' ? input.idType.trim().toLowerCase() : '';
  if (!(ID_TYPES as readonly string[]).includes(idType))
    throw new RecognitionRefusal('1015', 'idType is not one of the documented values');
  const front = decodeImage(input.idImage, 'idImage');
  const back = absent(input.idBackImage) ? undefined : decodeImage(input.idBackImage, 'idBackImage');
  return {
    front,
    ...(back ? { back } : {}),
    issuingCountry,
    idType: idType as IdType,
    ...(callbackUrl ? { callbackUrl } : {}),
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,/i;

/** Base64 (a leading data:image/...;base64, prefix tolerated) of a JPEG or PNG of at most 50 MiB. */
export function decodeImage(value: unknown, name: string): Buffer {
  if (typeof value !== 'string') throw new RecognitionRefusal('1013', `${name} is not a string`);
  const text = value.replace(DATA_URL, '').replace(/\s+/g, '');
  if (text.length === 0 || text.length % 4 === 1 || !BASE64.test(text))
    throw new RecognitionRefusal('1013', `${name} is not valid Base64`);
  // Decoded size from the text length, checked before decoding anything.
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (Math.floor((text.length * 3) / 4) - padding > MAX_IMAGE_BYTES)
    throw new RecognitionRefusal('1013', `${name} is larger than 50 MiB`);
  const bytes = Buffer.from(text, 'base64');
  const jpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png =
    bytes.length > 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (!jpeg && !png) throw new RecognitionRefusal('1013', `${name} is not a JPEG or PNG image`);
  return bytes;
}
