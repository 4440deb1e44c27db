import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Quad } from '../../../src/engine/barcode/index.js';
import { BarcodeImageError, decodePdf417, readLicenceBarcode } from '../../../src/engine/barcode/index.js';
import { holderPayload, syntheticHolder } from '../../../src/fixtures/barcode/holder.js';
import {
  type LicenceBackOptions,
  renderLicenceBack,
  renderPdf417,
} from '../../../src/fixtures/barcode/render.js';

// Our own AAMVA payloads, rendered as PDF417 on a synthetic licence back and photographed badly.

beforeAll(() => {
  // The wasm binaries must come from node_modules, never from a CDN: any fetch fails this file.
  globalThis.fetch = () => Promise.reject(new Error('network access attempted'));
});

function quadError(found: Quad, truth: Quad): number {
  const corners = ['topLeft', 'topRight', 'bottomRight', 'bottomLeft'] as const;
  return Math.max(...corners.map((c) => Math.hypot(found[c].x - truth[c].x, found[c].y - truth[c].y)));
}

const cases: [string, number, LicenceBackOptions][] = [
  ['upright', 9, {}],
  ['turned 5 degrees', 8, { rotationDegrees: 5 }],
  ['turned -12 degrees', 4, { rotationDegrees: -12 }],
  ['turned 30 degrees', 1, { rotationDegrees: 30 }],
  ['quarter turn', 3, { rotationDegrees: 90 }],
  ['upside down', 6, { rotationDegrees: 180 }],
  ['tilted sideways', 9, { tiltHorizontal: 0.2 }],
  ['tilted back', 2, { tiltVertical: 0.25 }],
  ['blurred', 5, { blurSigma: 1.5 }],
  ['JPEG quality 30', 7, { format: 'jpeg', quality: 30 }],
  ['WebP', 10, { format: 'webp', quality: 50 }],
  ['small modules', 9, { moduleSize: 2 }],
  ['shadowed', 8, { shadow: 0.6 }],
  [
    'phone photo',
    9,
    { rotationDegrees: 7, tiltHorizontal: 0.15, blurSigma: 1, shadow: 0.4, format: 'jpeg', quality: 60 },
  ],
];

describe('decoding synthetic licence backs', () => {
  it.each(cases)('%s (AAMVA version %i)', async (_name, version, options) => {
    const holder = syntheticHolder(version * 100 + Object.keys(options).length);
    const payload = holderPayload(holder, version);
    const photo = await renderLicenceBack(payload, options);

    const reading = await readLicenceBarcode(photo.image);
    expect(reading.barcode).not.toBeNull();
    expect(Buffer.from(reading.barcode!.bytes).toString('latin1')).toBe(payload);
    expect(quadError(reading.barcode!.quad, photo.barcodeQuad)).toBeLessThan(12);

    const aamva = reading.aamva;
    if (!aamva?.ok) throw new Error(`not parsed: ${JSON.stringify(aamva)}`);
    const f = aamva.document.fields;
    expect([f.lastName?.value, f.firstName?.value, f.dateOfBirth?.value, f.documentNumber?.value]).toEqual([
      holder.lastName,
      holder.firstName,
      holder.dateOfBirth,
      holder.documentNumber,
    ]);
    expect(f.expiryDate?.value).toBe(holder.expiryDate);
  });

  it('reports where a deskew was needed', async () => {
    const photo = await renderLicenceBack(holderPayload(syntheticHolder(42), 8), { rotationDegrees: 15 });
    const result = await decodePdf417(photo.image);
    expect(result.strategy).toBe('deskew');
    expect(result.estimatedSkewDegrees).toBeCloseTo(15, 0);
    // Measured first, so the deskewed pass is the only one needed.
    expect(result.attempts).toBe(1);
    expect(result.rotationDegrees).toBeCloseTo(-15, 0);
  });

  it('accepts raw pixels', async () => {
    const png = await renderPdf417(holderPayload(syntheticHolder(3), 9));
    const { data, info } = await sharp(png)
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const result = await decodePdf417({
      data,
      width: info.width,
      height: info.height,
      channels: info.channels as 3,
    });
    expect(result.barcodes).toHaveLength(1);
  });
});

describe('decoding what is not a licence barcode', () => {
  it('finds nothing on an image without a barcode, within its time budget', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="560"><rect width="900" height="560" fill="#e8e2d0"/>
      <text x="40" y="200" font-size="48" font-family="DejaVu Sans">NO BARCODE ON THIS SIDE</text></svg>`;
    const image = await sharp(Buffer.from(svg)).jpeg().toBuffer();
    const reading = await readLicenceBarcode(image, { budgetMs: 1500 });
    expect(reading.decode.barcodes).toEqual([]);
    expect(reading.decode.strategy).toBeNull();
    expect(reading.barcode).toBeNull();
    expect(reading.aamva).toBeNull();
    expect(reading.decode.ms).toBeLessThan(5000);
  });

  it('returns a typed parse error for a PDF417 that is not AAMVA', async () => {
    const reading = await readLicenceBarcode(await renderPdf417('Hello, this is not a licence'));
    expect(reading.barcode?.text).toBe('Hello, this is not a licence');
    expect(reading.aamva).toMatchObject({ ok: false, error: 'NOT_AAMVA' });
  });

  it('returns a truncated document for a cut-off AAMVA payload', async () => {
    const payload = holderPayload(syntheticHolder(5), 9);
    const reading = await readLicenceBarcode(await renderPdf417(payload.slice(0, payload.indexOf('DBB'))));
    expect(reading.aamva).toMatchObject({ ok: true, document: { truncated: true } });
  });

  it('throws a BarcodeImageError for bytes that are no image', async () => {
    await expect(decodePdf417(new Uint8Array())).rejects.toMatchObject({
      name: 'BarcodeImageError',
      code: 'IMAGE_EMPTY',
    });
    const garbage = new Uint8Array(Buffer.from('definitely not an image, just text pretending'));
    await expect(decodePdf417(garbage)).rejects.toBeInstanceOf(BarcodeImageError);
    await expect(decodePdf417(garbage)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
    const truncatedPng = (await renderPdf417('x')).subarray(0, 60);
    await expect(decodePdf417(truncatedPng)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
    await expect(
      decodePdf417({ data: new Uint8Array(10), width: 4, height: 4, channels: 1 }),
    ).rejects.toThrow(RangeError);
  });
});
