// The ICAO UTO specimens of ../shared/data (read in place, never copied): 4/4 exact and valid.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../../src/engine/pipeline.js';
import { sharedData, sharedDataAvailable } from '../../support/shared-data.js';

const set = 'mrz-icao-uto';

describe.runIf(sharedDataAvailable(set))('mrz-icao-uto', () => {
  it('reads all four specimens exactly, with valid check digits and the asserted fields', async () => {
    const gt = JSON.parse(await readFile(path.join(sharedData, set, 'gt.json'), 'utf8')) as {
      records: { file: string; mrz_lines: string[]; fields: Record<string, string> }[];
    };
    for (const record of gt.records) {
      const bytes = await readFile(path.join(sharedData, set, record.file));
      const report = await analyzeDocument(bytes, { documentStage: false });
      expect(report.mrz?.lines, record.file).toEqual(record.mrz_lines);
      expect(report.mrz?.valid, record.file).toBe(true);
      expect(report.mrz?.fields).toMatchObject({
        surname: record.fields.surname,
        givenNames: record.fields.names,
        documentNumber: record.fields.number,
        sex: record.fields.sex,
      });
      expect(report.rotation).toBe(0);
      expect(report.document?.country).toBe('UTO');
      // Per-line quadrilaterals in the original image, one per character with a confidence.
      for (const line of report.mrz!.recognised) {
        expect(line.chars).toHaveLength(record.mrz_lines[0]!.length);
        for (const p of line.quad) {
          expect(p.x).toBeGreaterThanOrEqual(-50);
          expect(p.y).toBeGreaterThan(report.image.height / 2);
        }
      }
    }
  }, 60_000);
});
