// Uploaded images are checked by their first bytes, not by what the client claims (argos.md §4.2: JPEG/PNG by
// magic bytes), and by size.

export interface UploadedImage {
  readonly bytes: Uint8Array;
}

export type ImageProblem = 'empty' | 'notImage' | 'tooLarge';

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** The image's content type, or why it is refused. */
export function imageContentType(
  bytes: Uint8Array,
  maxBytes: number,
): { type: string } | { problem: ImageProblem } {
  if (bytes.length === 0) return { problem: 'empty' };
  if (bytes.length > maxBytes) return { problem: 'tooLarge' };
  if (startsWith(bytes, JPEG)) return { type: 'image/jpeg' };
  if (startsWith(bytes, PNG)) return { type: 'image/png' };
  return { problem: 'notImage' };
}

export const STEP_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export const PUT_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An RFC 5322 addr-spec in its common dot-atom form, at most 254 characters (argos.md §4.2). */
export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
}

/** Free text fields (userid, cf1-cf3): at most 256 characters (our choice). */
export const FREE_TEXT_MAX = 256;
