// A licence back that prints only its category table or captions (no MRZ, barcode or field) is recognised
// through the words its model lists as printed there; a blank back, or the back of another document, is
// not (argos.md §3 error 1012).
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentModels, modelById } from '../../../src/engine/documents/catalogue.js';
import { printedWords, printedWordsFound } from '../../../src/engine/documents/classify.js';
import { analyzeDocument } from '../../../src/engine/pipeline.js';
import { renderSyntheticDocument, type SyntheticDocument } from '../../../src/fixtures/documents/render.js';
import { seededRandom } from '../../../src/fixtures/random.js';

describe('printed words of a side', () => {
  it('lists the table words worth looking for, not bare numbers or lone letters', () => {
    const licence = modelById('DEU.drivers_license.2013')!;
    const words = printedWords(licence, 'back');
    expect(words).toEqual(expect.arrayContaining(['AM', 'A1', 'C1E', 'D1E', 'BE']));
    expect(words).not.toContain('A');
    expect(words).not.toContain('9.');
    expect(printedWordsFound(licence, 'back', ['AM', 'A1', 'C1E', 'B'])).toBe(3);
    expect(printedWordsFound(licence, 'back', ['ADDRESS', 'AUTHORITY'])).toBe(0);
    expect(printedWords(modelById('DEU.government_id.2010')!, 'back')).toEqual([]);
  });

  it('gives every model that lists readable words for its back at least the two its recognition needs', () => {
    const listing = documentModels.filter((m) => (m.printed?.back?.length ?? 0) > 0);
    expect(listing.length).toBeGreaterThanOrEqual(11);
    for (const model of listing) {
      const readable = printedWords(model, 'back').filter((w) => /[A-Za-z]/.test(w));
      if (readable.length > 0) expect(readable.length, model.id).toBeGreaterThanOrEqual(2);
      for (const row of model.printed?.back ?? []) for (const cell of row) expect(cell.trim()).not.toBe('');
    }
  });
});

describe('the back of a document without machine-readable data on it', () => {
  const request = { country: 'DEU', idType: 'drivers_license' } as const;
  let licence: SyntheticDocument;
  let other: SyntheticDocument;
  beforeAll(async () => {
    licence = await renderSyntheticDocument(modelById('DEU.drivers_license.2013')!, seededRandom(31));
    other = await renderSyntheticDocument(modelById('ICAO.government_id.TD2')!, seededRandom(32));
  });

  it('is recognised by its printed category table', async () => {
    const report = await analyzeDocument(licence.front.image, {
      back: licence.back!.image,
      requested: request,
    });
    expect(report.recognition?.recognised).toMatchObject({ front: true, back: true, reason: null });
  });

  it('is refused when blank or when it is the back of another document', async () => {
    const blank = await sharp({
      create: { width: 1100, height: 700, channels: 3, background: { r: 232, g: 230, b: 236 } },
    })
      .jpeg()
      .toBuffer();
    for (const back of [blank, other.back!.image]) {
      const report = await analyzeDocument(licence.front.image, { back, requested: request });
      expect(report.recognition?.recognised).toMatchObject({
        front: true,
        back: false,
        reason: 'no document data was read from the back',
      });
    }
  });
});
