import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAamva } from '../../../src/engine/barcode/index.js';
import { modelById } from '../../../src/engine/documents/catalogue.js';
import { analyzeDocument } from '../../../src/engine/pipeline.js';
import { quadIou, scoreSyntheticDocuments } from '../../../src/eval/documents-score.js';
import { renderSyntheticDocument } from '../../../src/fixtures/documents/render.js';
import { seededRandom } from '../../../src/fixtures/random.js';
import { sharedData, sharedDataAvailable } from '../../support/shared-data.js';

// End to end on real inference: synthetic documents rendered from the models (values and boxes known),
// and the shared AAMVA renderings as licence backs. The full per-model accuracy run is `openkyc eval`.

describe('document engine on synthetic documents', () => {
  const log: string[] = [];
  afterAll(() => {
    if (log.length > 0) console.log(log.join('\n'));
  });

  it('reads >= 97% of the fields of a sample of models exactly, with boxes on the printed values', async () => {
    const score = await scoreSyntheticDocuments({
      perModel: 1,
      seed: 7,
      models: [
        'DEU.government_id.2010',
        'USA.drivers_license.AAMVA',
        'ICAO.passport.TD3',
        'NZL.drivers_license.2007',
        'CHN.government_id.2004',
      ],
    });
    for (const m of score.models) log.push(`${m.model}: ${m.bothRight}/${m.fields} ${m.misses.join('; ')}`);
    expect(score.share).toBeGreaterThanOrEqual(0.97);
  });

  it('finds the document upright when the photo is turned, and maps boxes back to the upload', async () => {
    const model = modelById('ICAO.government_id.TD1')!;
    const doc = await renderSyntheticDocument(model, seededRandom(3));
    const sharp = (await import('sharp')).default;
    const turned = await sharp(doc.front.image).rotate(90).jpeg().toBuffer();
    const result = await analyzeDocument(turned, {
      back: doc.back!.image,
      requested: { country: 'UTO', idType: 'government_id' },
    });
    expect(result.recognition?.front.rotation).toBe(270);
    expect(result.rotation).toBe(270);
    const truth = doc.truth.find((t) => t.field === 'surname')!;
    const read = result.fields.surname!;
    expect(read.value).toBe(truth.expected);
    expect(read.processedQuad).toBeDefined();
    // The truth box turned with the image: (x, y) -> (H - y, x).
    const turnedTruth = truth.quad.map((p) => ({
      x: doc.front.height - p.y,
      y: p.x,
    })) as unknown as typeof truth.quad;
    expect(quadIou(read.quad!, turnedTruth)).toBeGreaterThanOrEqual(0.5);
    expect(result.checks.find((c) => c.id === 'consistency.surname')?.status).toBe('pass');
  });
});

const aamvaAvailable = sharedDataAvailable('aamva');

describe.runIf(aamvaAvailable)('shared AAMVA payloads through the document pipeline', () => {
  interface Record {
    file: string;
    rendered_png: string;
    rendered_roundtrip_ok: boolean;
    tests: { expected_fields_csharp: { [field: string]: string } }[];
  }
  // A skipped suite is still collected, so the file is read only where it exists.
  const gt = (
    aamvaAvailable
      ? JSON.parse(readFileSync(path.join(sharedData, 'aamva', 'gt.json'), 'utf8'))
      : { records: [] }
  ) as { records: Record[] };
  const sample = gt.records.filter((r) => r.rendered_roundtrip_ok && r.tests.length > 0).slice(0, 4);
  const literal = (value: string | undefined): string | undefined => {
    if (!value) return undefined;
    const text = /^"(.*)"$/.exec(value);
    if (text) return text[1];
    const date = /new DateTime\((\d+), (\d+), (\d+)\)/.exec(value);
    if (date) return `${date[1]}-${date[2]!.padStart(2, '0')}-${date[3]!.padStart(2, '0')}`;
    return undefined;
  };

  it.each(sample.map((r) => [r.file, r] as const))(
    '%s: barcode values reach the fields',
    async (_file, record) => {
      const payload = readFileSync(path.join(sharedData, 'aamva', record.file));
      const parsed = parseAamva(payload);
      const country = parsed.ok ? (parsed.document.issuer.country ?? 'USA') : 'USA';
      const kind =
        parsed.ok && parsed.document.documentKind === 'id_card' ? 'government_id' : 'drivers_license';
      const front = await renderSyntheticDocument(
        modelById(`${country === 'CAN' ? 'CAN' : 'USA'}.${kind}.AAMVA`)!,
        seededRandom(5),
      );
      const back = readFileSync(path.join(sharedData, 'aamva', record.rendered_png));
      const result = await analyzeDocument(front.front.image, {
        back,
        requested: { country, idType: kind },
      });
      const expected = record.tests[0]!.expected_fields_csharp;
      expect(result.recognition?.barcode?.aamva).toBe(true);
      const pairs: [string, string | undefined][] = [
        ['surname', literal(expected.LastName)],
        ['birthDate', literal(expected.DateOfBirth)],
        ['expiryDate', literal(expected.ExpirationDate)],
        ['documentNumber', literal(expected.IdNumber)],
      ];
      for (const [field, value] of pairs) {
        if (value === undefined) continue;
        const read = result.fields[field];
        expect(read?.value, field).toBe(value);
        expect(read?.source).toBe('barcode');
      }
      expect(result.recognition?.recognised.back).toBe(true);
    },
  );
});
