import { describe, expect, it } from 'vitest';
import { consistencyChecks, dateChecks } from '../../../src/engine/checks/document-checks.js';
import { findDates } from '../../../src/engine/viz/dates.js';
import { findLabel, prepareLabel } from '../../../src/engine/viz/label-match.js';
import { readValue } from '../../../src/engine/viz/values.js';

const today = new Date('2025-06-01T00:00:00Z');
const first = (
  text: string,
  order: 'DMY' | 'MDY' | 'YMD',
  role: 'birth' | 'issue' | 'expiry' | 'other' = 'birth',
) => findDates(text, order, role, today)[0]?.iso;

describe('dates as documents print them', () => {
  it('reads numeric dates in the document order and every separator', () => {
    expect(first('12.08.1983', 'DMY')).toBe('1983-08-12');
    expect(first('08/12/1983', 'MDY')).toBe('1983-08-12');
    expect(first('DOB 01/02/1990', 'MDY')).toBe('1990-01-02');
    expect(first('1983-08-12', 'DMY')).toBe('1983-08-12');
    expect(first('2015. 3. 2.', 'YMD', 'issue')).toBe('2015-03-02');
    expect(first('12081983', 'DMY')).toBe('1983-08-12');
    expect(first('1O.08.1983', 'DMY')).toBe('1983-08-10');
  });
  it('reads month names in several languages, bilingual pairs and two-digit years', () => {
    expect(first('12 AGO/ AUG 1983', 'DMY')).toBe('1983-08-12');
    expect(first('12 AOÛT 1983', 'DMY')).toBe('1983-08-12');
    expect(first('12AUG83', 'DMY')).toBe('1983-08-12');
    expect(first('1990-JAN-01', 'YMD')).toBe('1990-01-01');
    expect(first('12.08.83 BERLIN', 'DMY')).toBe('1983-08-12');
    expect(first('01.08.31', 'DMY', 'expiry')).toBe('2031-08-01');
  });
  it('reads Han dates and Japanese era years', () => {
    expect(first('1983 年 8 月 12 日', 'YMD')).toBe('1983-08-12');
    expect(first('昭和58年8月12日生', 'YMD')).toBe('1983-08-12');
    expect(first('令和10年09月12日まで有効', 'YMD', 'expiry')).toBe('2028-09-12');
    expect(first('平成元年1月8日', 'YMD')).toBe('1989-01-08');
  });
  it('refuses what is not a calendar date and keeps spans for the boxes', () => {
    expect(first('31.02.1990', 'DMY')).toBeUndefined();
    const both = findDates('2015.03.02-2035.03.02', 'YMD', 'issue', today);
    expect(both.map((d) => [d.iso, d.start, d.end])).toEqual([
      ['2015-03-02', 0, 10],
      ['2035-03-02', 11, 21],
    ]);
    expect(findDates('VIGENCIA 2019 - 2029', 'DMY', 'expiry', today)[0]).toMatchObject({
      iso: '2029-12-31',
      yearOnly: true,
    });
  });
});

describe('values and captions', () => {
  const ctx = { order: 'DMY' as const, role: 'other' as const, today };
  it('reads sex, nationality and numbers with confusions repaired by the pattern', () => {
    expect(readValue('sex', 'F/F', undefined, ctx)?.value).toBe('F');
    expect(
      readValue(
        'sex',
        'H',
        { field: 'sex', side: 'front', kind: 'sex', labels: [], sexCodes: { H: 'M', M: 'F' } },
        ctx,
      )?.value,
    ).toBe('M');
    expect(readValue('sex', '女', undefined, ctx)?.value).toBe('F');
    expect(readValue('nationality', 'DEUTSCH', undefined, ctx)?.value).toBe('DEU');
    expect(readValue('nationality', 'D', undefined, ctx)?.value).toBe('DEU');
    expect(readValue('nationality', 'ITA', undefined, ctx)?.value).toBe('ITA');
    const dni = {
      field: 'personalNumber' as const,
      side: 'front' as const,
      kind: 'number' as const,
      labels: [],
      pattern: '[0-9]{8}[A-Z]',
    };
    expect(readValue('number', 'DNI 1234S678Z', dni, ctx)?.value).toBe('12345678Z');
    // A J seen as a bracket where the pattern wants a letter.
    const licence = { ...dni, pattern: '[A-Z]{2}[0-9]{7}[A-Z]' };
    expect(readValue('number', '5. ZG0732844]', licence, ctx)?.value).toBe('ZG0732844J');
  });
  it("reads full-width letters (the recogniser's reading of lone glyphs) as ASCII", () => {
    const copy = { field: 'version' as const, side: 'front' as const, kind: 'text' as const, labels: [] };
    expect(readValue('text', 'Ｚ', { ...copy, pattern: '[A-Z]' }, ctx)?.value).toBe('Z');
    // A bar read as a lower-case l is a capital I where the value is printed in capitals.
    expect(readValue('text', 'l', { ...copy, pattern: '[A-Z]' }, ctx)?.value).toBe('I');
    // A letter code read as its digit lookalike fits the pattern once swapped; a digit code stays.
    expect(readValue('text', '1', { ...copy, pattern: '[A-Z]' }, ctx)?.value).toBe('I');
    expect(readValue('text', '1', { ...copy, pattern: '[0-9]' }, ctx)?.value).toBe('1');
    expect(readValue('sex', 'Ｆ', undefined, ctx)?.value).toBe('F');
  });
  it('drops a lone Han sign at the edge of a Latin value (a bar beside it), and keeps Han values whole', () => {
    const place = {
      field: 'placeOfBirth' as const,
      side: 'front' as const,
      kind: 'text' as const,
      labels: [],
    };
    const text = readValue('text', '丨 MADRID', place, ctx);
    expect(text?.value).toBe('MADRID');
    expect(text?.start).toBe(2);
    expect(readValue('name', 'ROSSI 丨', undefined, ctx)?.value).toBe('ROSSI');
    expect(readValue('address', '丨 VIA ROMA 21', undefined, ctx)?.value).toBe('VIA ROMA 21');
    expect(readValue('text', '北京市 海淀区', place, ctx)?.value).toBe('北京市 海淀区');
    expect(readValue('name', '田 中', undefined, ctx)?.value).toBe('田 中');
  });
  it('reads a letter O inside an address number as a zero, and leaves postcodes with letters alone', () => {
    const address = (text: string) => readValue('address', text, undefined, ctx)?.value;
    expect(address('12 MAIN STREET BERLIN 1O115')).toBe('12 MAIN STREET BERLIN 10115');
    expect(address('VIA ROMA 1O, ROMA O0184')).toBe('VIA ROMA 10, ROMA 00184');
    expect(address('1 HIGH ST LONDON SW1A 0AA')).toBe('1 HIGH ST LONDON SW1A 0AA');
    expect(address('OO STREET NO 5')).toBe('OO STREET NO 5');
  });
  it('finds captions whole-word, accent- and case-blind, one misread letter allowed in long ones', () => {
    const line = prepareLabel('Vornamen / Given names / Prénoms');
    expect(findLabel(line, prepareLabel('Prénoms'))).not.toBeNull();
    expect(findLabel(line, prepareLabel('Name'))).toBeNull();
    expect(
      findLabel(prepareLabel('Staatsangehorigkeit'), prepareLabel('Staatsangehörigkeit')),
    ).not.toBeNull();
    expect(findLabel(prepareLabel('Date of birtn'), prepareLabel('Date of birth'))?.quality).toBeLessThan(1);
    expect(findLabel(prepareLabel('4a. 01.02.2020'), '4A')).toMatchObject({ start: 0 });
    expect(findLabel(prepareLabel('14.02.2020'), '4A')).toBeNull();
  });
});

describe('checks', () => {
  it('compares one datum across sources and says which disagree', () => {
    const checks = consistencyChecks({
      birthDate: [
        { value: '1983-08-12', source: 'viz', side: 'front' },
        { value: '1983-08-12', source: 'mrz', side: 'back' },
      ],
      surname: [
        { value: 'MÜLLER', source: 'viz', side: 'front' },
        { value: 'MUELLER', source: 'mrz', side: 'back' },
      ],
      documentNumber: [
        { value: 'L01X00T47', source: 'viz', side: 'front' },
        { value: 'L01X00T48', source: 'mrz', side: 'back' },
      ],
    });
    expect(checks.find((c) => c.id === 'consistency.birth_date')?.status).toBe('pass');
    expect(checks.find((c) => c.id === 'consistency.surname')?.status).toBe('pass');
    const number = checks.find((c) => c.id === 'consistency.document_number')!;
    expect(number.status).toBe('fail');
    expect(number.inputs).toEqual(['documentNumber viz front', 'documentNumber mrz back']);
  });
  it('checks dates for plausibility and expiry', () => {
    const ok = dateChecks(
      { birthDate: '1983-08-12', issueDate: '2021-01-01', expiryDate: '2031-01-01' },
      today,
    );
    expect(ok.every((c) => c.status === 'pass')).toBe(true);
    const bad = dateChecks(
      { birthDate: '2030-01-01', issueDate: '2026-01-01', expiryDate: '2020-01-01' },
      today,
    );
    expect(bad.find((c) => c.id === 'validity.expired')?.status).toBe('fail');
    expect(bad.find((c) => c.id === 'validity.birth_date')?.status).toBe('fail');
    expect(bad.find((c) => c.id === 'validity.issue_date')?.status).toBe('fail');
  });
});
