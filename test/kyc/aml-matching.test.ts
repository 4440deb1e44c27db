// AML name matching (src/kyc/aml): normalisation across scripts, the similarity measure, the birth-date and
// nationality evidence, the list format, and precision/recall on the labelled set of src/fixtures/aml loaded
// into a real database through the real loader.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureScreening } from '../../src/fixtures/aml/screening-eval.js';
import { LISTED, toTargetsSimpleCsv } from '../../src/fixtures/aml/screening-set.js';
import { activeLists, ListFormatError, loadList, removeList } from '../../src/kyc/aml/aml-lists.js';
import { nameKeys, nameTokens } from '../../src/kyc/aml/name-normalise.js';
import { nameSimilarity } from '../../src/kyc/aml/name-similarity.js';
import { readOpenSanctionsCsv } from '../../src/kyc/aml/opensanctions-csv.js';
import { screenPerson } from '../../src/kyc/aml/screen-person.js';
import {
  birthDateAgreement,
  countryAgreement,
  highestRisk,
  matchRisk,
} from '../../src/kyc/aml/screening-rules.js';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { createTestStorage, openTestDatabase, type TestStorage } from '../support/database.js';

const similarity = (a: string, b: string) => nameSimilarity(nameTokens(a), nameTokens(b));

describe('name normalisation', () => {
  it('transliterates every script to upper-case Latin words', () => {
    expect(nameTokens('Виктор Семенович Кузьмин')).toEqual(['VIKTOR', 'SEMENOVICH', 'KUZMIN']);
    expect(nameTokens('Γεώργιος Παπαδάκης')).toEqual(['GEORGIOS', 'PAPADAKIS']);
    expect(nameTokens('김철수')).toEqual(['GIM', 'CHEOL', 'SU']);
    expect(nameTokens('王建国')).toEqual(['WANG', 'JIAN', 'GUO']);
    expect(nameTokens('Hans-Jürgen Weißmüller')).toEqual(['HANS', 'JURGEN', 'WEISSMULLER']);
    expect(nameTokens("Dr. Sarah O'Connor")).toEqual(['SARAH', 'OCONNOR']);
    expect(nameTokens('  ---  ')).toEqual([]);
  });

  it('gives words and their sounds as blocking keys', () => {
    expect(nameKeys(['ALEKSANDR'])).toContain('p:ALKSNTR');
    expect(nameKeys(['ALEXANDER'])).toContain('p:ALKSNTR');
    expect(nameKeys(['X'])).toEqual([]);
  });
});

describe('name similarity', () => {
  it('is 1 for the same words in any order', () => {
    expect(similarity('PETROV IVAN', 'Ivan Petrov')).toBe(1);
  });

  it('stays high for omitted middle names, spelling variants and spacing', () => {
    expect(similarity('Alexander Petrov', 'Aleksandr Ivanovich Petrov')).toBeGreaterThan(0.85);
    expect(similarity('Muhammad Alrashidi', 'Mohammed Al Rashidi')).toBeGreaterThan(0.85);
    expect(similarity('KIM MINJUN', '김민준')).toBeGreaterThan(0.85);
    expect(similarity('JUERGEN MUELLER', 'Jürgen Müller')).toBeGreaterThan(0.85);
  });

  it('is low when only one word is shared or the words merely sound alike', () => {
    expect(similarity('John Smith', 'Anna Smith')).toBeLessThan(0.7);
    expect(similarity('Smith', 'John Smith')).toBeLessThan(0.75);
    expect(similarity('Hans Mueller', 'Hans-Jürgen Weißmüller')).toBeLessThan(0.7);
    expect(similarity('', 'John Smith')).toBe(0);
  });
});

describe('evidence', () => {
  it('compares birth dates at the precision the list gives', () => {
    expect(birthDateAgreement('1970-06-21', ['1970-06-21'])).toBe('exact');
    expect(birthDateAgreement('1970-06-21', ['1970'])).toBe('partial');
    expect(birthDateAgreement('1970-06-21', ['1970-06'])).toBe('partial');
    expect(birthDateAgreement('1970-06-21', ['1970-07-01'])).toBe('near');
    expect(birthDateAgreement('1970-06-21', ['1971'])).toBe('near');
    expect(birthDateAgreement('1970-06-21', ['1985-06-21', '1990'])).toBe('mismatch');
    expect(birthDateAgreement('1970-06-21', ['1985-06-21', '1970-06-21'])).toBe('exact');
    expect(birthDateAgreement(undefined, ['1970'])).toBe('unknown');
    expect(birthDateAgreement('1970-06-21', [])).toBe('unknown');
  });

  it('compares the alpha-3 nationality with the alpha-2 countries of the list', () => {
    expect(countryAgreement('RUS', ['ru', 'ua'])).toBe('match');
    expect(countryAgreement('DEU', ['RU'])).toBe('mismatch');
    expect(countryAgreement('UTO', ['ru'])).toBe('unknown');
    expect(countryAgreement(undefined, ['ru'])).toBe('unknown');
  });

  it('rates sanctions above PEPs and strong matches one level up', () => {
    expect(matchRisk('sanction', 0.9)).toBe('Medium');
    expect(matchRisk('sanction', 1.05)).toBe('High');
    expect(matchRisk('pep', 0.9)).toBe('Low');
    expect(matchRisk('watchlist', 1)).toBe('Medium');
    expect(highestRisk(['Low', 'High', 'Medium'])).toBe('High');
    expect(highestRisk([])).toBe('N/A');
  });
});

describe('the OpenSanctions targets.simple.csv reader', () => {
  const read = async (text: string) => {
    const out = [];
    for await (const entry of readOpenSanctionsCsv(Readable.from([text]), 'pep')) out.push(entry);
    return out;
  };

  it('reads people, skips companies and vessels, and splits multi-value cells', async () => {
    const entries = await read(toTargetsSimpleCsv(LISTED));
    expect(entries).toHaveLength(
      LISTED.filter((r) => r.schema === 'Person' || r.schema === 'LegalEntity').length,
    );
    const bondarenko = entries.find((e) => e.sourceId === 'T-E02')!;
    expect(bondarenko.names).toHaveLength(3);
    expect(bondarenko.kind).toBe('pep');
    expect(bondarenko.countries).toEqual(['UA']);
    expect(entries.find((e) => e.sourceId === 'T-E01')!.kind).toBe('sanction');
  });

  it('refuses a file of another format, naming what is missing', async () => {
    await expect(read('first,last\nJohn,Smith\n')).rejects.toThrow(/missing column\(s\) id, schema, name/);
    await expect(read('id,schema,name\n1,Person,"unterminated\n')).rejects.toBeInstanceOf(ListFormatError);
  });
});

describe('screening on the labelled set (real database)', () => {
  let storage: TestStorage;
  let db: Database;
  beforeAll(async () => {
    storage = await createTestStorage();
    db = await openTestDatabase(storage);
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await storage?.cleanup();
  });

  it('finds the listed people among 2,000 others and leaves namesakes with other birth dates alone', async () => {
    const measured = await measureScreening(db, { background: 2_000 });
    process.stderr.write(
      `AML labelled set: precision ${measured.precision.toFixed(3)}, recall ${measured.recall.toFixed(3)} ` +
        `(tp ${measured.truePositives}, fp ${measured.falsePositives}, fn ${measured.falseNegatives}, ` +
        `tn ${measured.trueNegatives}); screen p50 ${measured.screenMsP50} ms\n${measured.errors.join('\n')}\n`,
    );
    expect(measured.listEntries).toBe(2_024);
    expect(measured.precision).toBeGreaterThanOrEqual(0.95);
    expect(measured.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('without birth dates the namesakes become potential matches (the evidence is what tells them apart)', async () => {
    const measured = await measureScreening(db, { background: 2_000, namesOnly: true });
    expect(measured.falsePositives).toBeGreaterThanOrEqual(5);
    expect(measured.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('reports the strongest match with its evidence, and replaces a list loaded again under its name', async () => {
    const verdict = await screenPerson(db, {
      fullName: 'KIM CHOL SU',
      birthDate: '1968-09-09',
      nationality: 'PRK',
    });
    expect(verdict).toMatchObject({ status: 'Potential Match', risk: 'High' });
    expect(verdict.matches[0]).toMatchObject({
      entityId: 'T-E04',
      kind: 'sanction',
      birthDate: 'exact',
      country: 'match',
    });
    const replaced = await loadList(db, {
      name: 'labelled-set',
      source: Readable.from([toTargetsSimpleCsv(LISTED.filter((r) => r.id !== 'T-E04'))]),
      kind: 'pep',
      loadedBy: 'test',
    });
    expect(replaced.entries).toBe(24 - 1);
    expect((await activeLists(db)).map((l) => l.name)).toEqual(['labelled-set']);
    expect((await screenPerson(db, { fullName: 'KIM CHOL SU', birthDate: '1968-09-09' })).status).toBe(
      'No Match',
    );
    await expect(
      loadList(db, { name: 'labelled-set', source: Readable.from(['not,a,list\n']), loadedBy: 'test' }),
    ).rejects.toBeInstanceOf(ListFormatError);
    // A failed load leaves the list it would have replaced.
    expect((await activeLists(db))[0]!.entries).toBe(23);
    expect(await removeList(db, 'labelled-set')).toBe(true);
    expect((await screenPerson(db, { fullName: 'KIM CHOL SU' })).status).toBe('Not Screened');
  });

  it('refuses a bad list name', async () => {
    await expect(
      loadList(db, { name: '../etc', source: fs.createReadStream('/dev/null'), loadedBy: 'test' }),
    ).rejects.toThrow(/list name/);
  });
});
