// analyzeDocument as the one orchestration: the MRZ stage and the document stage in one report, with the
// caller's requested document steering which side's MRZ is searched, on real inference.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelById } from '../../../src/engine/documents/catalogue.js';
import { analyzeDocument } from '../../../src/engine/pipeline.js';
import { quadIou } from '../../../src/eval/documents-score.js';
import { renderSyntheticDocument, type SyntheticDocument } from '../../../src/fixtures/documents/render.js';
import { seededRandom } from '../../../src/fixtures/random.js';

describe('analyzeDocument: MRZ and document stage in one report', () => {
  let card: SyntheticDocument;
  beforeAll(async () => {
    card = await renderSyntheticDocument(modelById('DEU.government_id.2010')!, seededRandom(21));
  });

  it('reads a two-sided card as requested: the MRZ side first, every field with its evidence', async () => {
    const report = await analyzeDocument(card.front.image, {
      back: card.back!.image,
      requested: { country: 'DEU', idType: 'government_id' },
    });
    // The requested model carries its MRZ on the back: the front is not searched.
    expect(report.timings.mrz_back).toBeDefined();
    expect(report.timings.mrz).toBeUndefined();
    expect(report.mrz).toMatchObject({ format: 'TD1', valid: true, side: 'back', lines: card.mrz });
    expect(report.document).toEqual({ type: 'government_id', country: 'DEU' });
    expect(report.recognition?.classification.modelId).toBe('DEU.government_id.2010');
    expect(report.recognition?.recognised).toMatchObject({ front: true, back: true });
    for (const truth of card.truth) {
      const read = report.fields[truth.field];
      expect(read?.value, truth.field).toBe(truth.expected);
      expect(read?.side, truth.field).toBe(truth.side);
      expect(quadIou(read!.quad!, truth.quad), truth.field).toBeGreaterThanOrEqual(0.5);
      expect(read?.processedQuad, truth.field).toBeDefined();
    }
    expect(report.fields.documentNumber).toMatchObject({ accepted: true });
    expect(report.fields.birthDate).toMatchObject({ accepted: true });
    // What only the MRZ carries joins the fields, with its box on the back.
    expect(report.fields.documentType).toMatchObject({ value: 'I', source: 'mrz', side: 'back' });
    expect(report.fields.issuingState).toMatchObject({ value: 'DEU', source: 'mrz' });
    const ids = report.checks.map((c) => c.id);
    expect(ids).toContain('mrz.check_digit.document_number');
    expect(ids).toContain('consistency.surname');
    expect(report.checks.find((c) => c.id === 'consistency.surname')?.status).toBe('pass');
  });

  it('reads the same card without a request: front searched, then the back', async () => {
    const report = await analyzeDocument(card.front.image, { back: card.back!.image });
    expect(report.timings.mrz).toBeDefined();
    expect(report.timings.mrz_back).toBeDefined();
    expect(report.mrz?.valid).toBe(true);
    expect(report.document).toEqual({ type: 'government_id', country: 'DEU' });
    expect(report.fields.surname?.value).toBe(card.truth.find((t) => t.field === 'surname')?.expected);
  });

  it('runs the MRZ stage alone when asked, and invents nothing on a blank photo', async () => {
    const mrzOnly = await analyzeDocument(card.back!.image, { documentStage: false });
    expect(mrzOnly.recognition).toBeNull();
    expect(mrzOnly.mrz?.valid).toBe(true);
    expect(mrzOnly.fields.surname).toMatchObject({ source: 'mrz', side: 'front', accepted: null });
    const blank = await sharp({
      create: { width: 900, height: 600, channels: 3, background: { r: 228, g: 226, b: 220 } },
    })
      .jpeg()
      .toBuffer();
    const report = await analyzeDocument(blank);
    expect(report.mrz).toBeNull();
    expect(report.document).toBeNull();
    expect(report.fields).toEqual({});
    expect(report.recognition?.recognised.front).toBe(false);
  });
});
