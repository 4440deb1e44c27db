// Test documents for the submission flow, made by the project's own fixture generators: the MRZ engineer's
// document renderer (card, visual zone, OCR-B MRZ with correct check digits) with the face engineer's drawn face
// pasted into the portrait slot, and that face's selfie. Nothing here comes from real people or real documents.
import sharp from 'sharp';
import { renderDocument } from '../../../src/fixtures/document.js';
import { type FaceIdentity, faceIdentity, renderFace } from '../../../src/fixtures/face/synthetic-face.js';
import { type FixtureFormat, type Holder, mrzLines } from '../../../src/fixtures/identity.js';
import { seededRandom } from '../../../src/fixtures/random.js';

export interface Person {
  readonly surname: string;
  readonly givenNames: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly expiryDate: string;
  readonly sex: 'M' | 'F';
  readonly nationality: string;
  readonly issuingState: string;
  readonly documentNumber: string;
  readonly face: number;
}

const yymmdd = (iso: string): string => iso.slice(2).replace(/-/g, '');

export function holderOf(person: Person): Holder {
  return {
    surname: person.surname,
    givenNames: person.givenNames,
    documentNumber: person.documentNumber,
    issuingState: person.issuingState,
    nationality: person.nationality,
    birthDate: yymmdd(person.birthDate),
    expiryDate: yymmdd(person.expiryDate),
    sex: person.sex,
    optional: '',
  };
}

/** The ICAO sizes (mm) the renderer uses, and where it puts the portrait (its own layout rule). */
const SIZES: Record<FixtureFormat, [number, number]> = {
  TD1: [85.6, 54],
  TD2: [105, 74],
  TD3: [125, 88],
  MRVA: [120, 80],
  MRVB: [105, 74],
};

function portraitBox(format: FixtureFormat, lines: number, pxPerMm: number) {
  const hMm = SIZES[format][1];
  const mrzTop = hMm - 3.2 - lines * 4.25;
  const portraitH = Math.min(hMm * 0.55, mrzTop - 10);
  const portraitW = portraitH * 0.78;
  const py = Math.max(8, mrzTop - portraitH - 3);
  return {
    left: Math.round(5 * pxPerMm),
    top: Math.round(py * pxPerMm),
    width: Math.round(portraitW * pxPerMm),
    height: Math.round(portraitH * pxPerMm),
  };
}

/**
 * A passport data page (TD3) of `person` as JPEG, with their drawn face as the portrait, or the given portrait
 * image (a photo read at test time, never stored in the repo).
 */
export async function passportImage(
  person: Person,
  options: { format?: FixtureFormat; pxPerMm?: number; portrait?: Buffer } = {},
): Promise<Buffer> {
  const format = options.format ?? 'TD3';
  const pxPerMm = options.pxPerMm ?? 10;
  const holder = holderOf(person);
  const mrz = mrzLines(format, holder);
  const page = await renderDocument({ format, holder, mrz }, seededRandom(person.face * 7919 + 1), pxPerMm);
  const box = portraitBox(format, mrz.length, pxPerMm);
  const shot =
    options.portrait ??
    (await sharp(
      await renderFace(faceIdentity(person.face), { iod: 120, cy: 0.45 }, { width: 480, height: 640 }),
    )
      .extract({ left: 48, top: 51, width: 384, height: 512 })
      .toBuffer());
  const portrait = await sharp(shot).resize(box.width, box.height, { fit: 'cover' }).png().toBuffer();
  return sharp(page.png)
    .composite([{ input: portrait, left: box.left, top: box.top }])
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A selfie of the person's drawn face (JPEG). */
export function selfieOf(face: number | FaceIdentity, pose: { yaw?: number } = { yaw: 4 }): Promise<Buffer> {
  const identity = typeof face === 'number' ? faceIdentity(face) : face;
  return renderFace(identity, pose, { format: 'jpeg', width: 720, height: 960 });
}

/** A selfie seen through a screen: an RGB stripe pattern over the face (what a replay looks like to the camera). */
export async function screenReplayOf(face: number): Promise<Buffer> {
  const base = await renderFace(faceIdentity(face), { yaw: 4 }, { format: 'png', width: 720, height: 960 });
  const stripes = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="960"><defs><pattern id="p" width="3" height="3" patternUnits="userSpaceOnUse"><rect width="1" height="3" fill="#000" opacity="0.15"/></pattern></defs><rect width="100%" height="100%" fill="url(#p)"/></svg>',
  );
  return sharp(base)
    .composite([{ input: await sharp(stripes).png().toBuffer() }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

export const futureDate = (years: number): string => {
  const d = new Date();
  return `${d.getUTCFullYear() + years}-06-15`;
};

export const pastDate = (years: number): string => {
  const d = new Date();
  return `${d.getUTCFullYear() - years}-03-10`;
};
