import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, readImageHeader } from '../../../src/engine/image/decode.js';
import { EngineError } from '../../../src/engine/image/errors.js';
import { defaultImageLimits } from '../../../src/engine/image/limits.js';
import { measureQuality } from '../../../src/engine/image/quality.js';
import { analyzeDocument } from '../../../src/engine/pipeline.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return (error as EngineError).code;
  }
  return 'no error';
}

/** A PNG whose header claims `width` x `height` (the pixel data is a tiny valid image's). */
function pngWithHeader(small: Buffer, width: number, height: number): Buffer {
  const png = Buffer.from(small);
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  // IHDR CRC over type + data.
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of png.subarray(12, 29)) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  png.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 29);
  return png;
}

const photo = (): Promise<Buffer> =>
  sharp({ create: { width: 320, height: 200, channels: 3, background: '#c8c0b0' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="320" height="200"><text x="10" y="100" font-size="40">ABC 123</text></svg>',
        ),
      },
    ])
    .jpeg()
    .toBuffer();

describe('image intake', () => {
  it('refuses empty, non-image, truncated, corrupt, oversized and undersized input with typed codes', async () => {
    const jpeg = await photo();
    expect(await codeOf(decodeImage(new Uint8Array(0)))).toBe('IMAGE_EMPTY');
    expect(await codeOf(decodeImage(Buffer.from('%PDF-1.7 not an image at all')))).toBe(
      'IMAGE_DECODE_FAILED',
    );
    expect(await codeOf(decodeImage(jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe(
      'IMAGE_DECODE_FAILED',
    );
    const corrupt = Buffer.from(jpeg);
    for (let i = 200; i < corrupt.length - 2; i += 7) corrupt[i] = 0xff;
    expect(['IMAGE_DECODE_FAILED', 'no error']).toContain(await codeOf(decodeImage(corrupt)));
    const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await codeOf(decodeImage(pngWithHeader(tiny, 100_000, 100_000)))).toBe('IMAGE_TOO_LARGE');
    expect(await codeOf(readImageHeader(pngWithHeader(tiny, 100_000, 100_000)))).toBe('IMAGE_TOO_LARGE');
    expect(await codeOf(decodeImage(jpeg, { ...defaultImageLimits, maxBytes: 100 }))).toBe('IMAGE_TOO_LARGE');
    expect(await codeOf(decodeImage(tiny))).toBe('IMAGE_TOO_SMALL');
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500"><rect width="500" height="500"/></svg>',
    );
    expect(await codeOf(decodeImage(svg))).toBe('IMAGE_UNSUPPORTED_FORMAT');
  });

  it('the pipeline reports bad input as an EngineError, and the process lives on', async () => {
    expect(await codeOf(analyzeDocument(Buffer.from('garbage')))).toBe('IMAGE_DECODE_FAILED');
    expect(await codeOf(analyzeDocument(new Uint8Array(0)))).toBe('IMAGE_EMPTY');
  });

  it('decodes JPEG, PNG and WebP and honours EXIF orientation', async () => {
    const base = sharp({ create: { width: 300, height: 120, channels: 3, background: '#808080' } });
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const bytes = await base.clone().toFormat(format).toBuffer();
      const decoded = await decodeImage(bytes);
      expect([decoded.format, decoded.rgb.width, decoded.rgb.height]).toEqual([format, 300, 120]);
    }
    const turned = await base.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const decoded = await decodeImage(turned);
    expect([decoded.exifOrientation, decoded.storedWidth, decoded.rgb.width, decoded.rgb.height]).toEqual([
      6, 300, 120, 300,
    ]);
  });

  it('measures blur, glare and exposure', async () => {
    const sharpImage = await decodeImage(await photo());
    const blurred = await decodeImage(
      await sharp(await photo())
        .blur(4)
        .jpeg()
        .toBuffer(),
    );
    expect(measureQuality(sharpImage.gray).sharpness).toBeGreaterThan(
      measureQuality(blurred.gray).sharpness * 2,
    );
    expect(measureQuality(blurred.gray).blurry).toBe(true);
    const white = await decodeImage(
      await sharp({ create: { width: 200, height: 200, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    expect(measureQuality(white.gray)).toMatchObject({ glareDetected: true, overexposed: true });
    const dark = await decodeImage(
      await sharp({ create: { width: 200, height: 200, channels: 3, background: '#050505' } })
        .png()
        .toBuffer(),
    );
    expect(measureQuality(dark.gray).underexposed).toBe(true);
  });
});
