import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePdf417 } from '../../../src/engine/barcode/index.js';
import { type AamvaScore, type Pdf417Score, scoreBarcodeDataset } from '../../../src/eval/barcode-score.js';
import { sharedData, sharedDataAvailable } from '../../support/shared-data.js';

// The two barcode sets of ../shared/data, scored by the same code as `openkyc eval`.

describe.runIf(sharedDataAvailable('aamva'))('shared data: aamva', () => {
  it('parses every payload to the expected fields and decodes every rendered PDF417 back to them', async () => {
    const score = (await scoreBarcodeDataset(path.join(sharedData, 'aamva'))) as AamvaScore;
    expect(score.kind).toBe('aamva');
    expect(score.payloadsWithTests).toBe(68);
    expect(score.parseErrors).toEqual([]);
    // Every expectation we can derive from the payload holds.
    expect(score.mismatches.filter((m) => m.kind !== 'label_not_in_payload')).toEqual([]);
    // The one remaining label names an element the payload does not contain (DC: DocumentDiscriminator
    // "2881111" without any DCF element; the upstream assertion helper never compares that field).
    expect(score.mismatches.map((m) => `${m.file}:${m.field}`)).toEqual([
      'payloads/Licenses_DC.txt:DocumentDiscriminator',
    ]);
    expect(score.payloadsExact).toBe(68);

    const rendered = score.rendered!;
    expect(rendered.attempted).toBe(69);
    expect(rendered.failures).toEqual([]);
    // The four renderings marked rendered_roundtrip_ok:false are not required, but zxing-cpp 2.x reads them too.
    expect(rendered.roundtripFlagged).toHaveLength(4);
    expect(rendered.decodedExact).toBeGreaterThanOrEqual(65);
    expect(rendered.parsedExact).toBeGreaterThanOrEqual(65);
  });
});

describe.runIf(sharedDataAvailable('aamva'))('shared data: aamva renderings turned off the grid', () => {
  it('decodes them exactly after deskewing (zxing-cpp alone reads none at 10 degrees)', async () => {
    const dir = path.join(sharedData, 'aamva');
    const gt = JSON.parse(await readFile(path.join(dir, 'gt.json'), 'utf8')) as {
      records: { file: string; rendered_png: string }[];
    };
    for (const [i, record] of gt.records.slice(0, 12).entries()) {
      const degrees = i % 2 ? 10 : -30;
      const turned = await sharp(path.join(dir, record.rendered_png))
        .rotate(degrees, { background: '#ffffff' })
        .png()
        .toBuffer();
      const payload = await readFile(path.join(dir, record.file));
      const expected = payload[0] === 0xef ? payload.subarray(3) : payload;
      const result = await decodePdf417(turned);
      expect(
        Buffer.from(result.barcodes[0]?.bytes ?? []).equals(expected),
        `${record.file} at ${degrees} degrees`,
      ).toBe(true);
    }
  });
});

describe.runIf(sharedDataAvailable('pdf417'))('shared data: pdf417', () => {
  it('decodes at least 58 of the 62 images exactly', async () => {
    const score = (await scoreBarcodeDataset(path.join(sharedData, 'pdf417'))) as Pdf417Score;
    expect(score.kind).toBe('pdf417');
    expect(score.images).toBe(62);
    expect(score.exact).toBeGreaterThanOrEqual(58);
    // The 8-symbol structured-append sequence spread over two images is only complete across both.
    expect(score.exactViaCrossImageMerge).toBeLessThanOrEqual(2);
  });
});
