import { describe, expect, it } from 'vitest';
import { checkDigit } from '../../../src/engine/mrz/check-digit.js';
import { parseMrz } from '../../../src/engine/mrz/parse.js';
import type { CharEvidence } from '../../../src/engine/mrz/types.js';
import { mrzLines, randomHolder } from '../../../src/fixtures/identity.js';
import { seededRandom } from '../../../src/fixtures/random.js';

const today = new Date('2026-06-01T00:00:00Z');
const td3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const td2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const td1 = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
];

/** Evidence saying every character was read with `confidence`, and nothing else was likely. */
function sure(lines: readonly string[], confidence = 0.99): CharEvidence[][] {
  return lines.map((line) =>
    [...line].map((char) => ({
      confidence,
      alternative: null,
      alternativeConfidence: 0,
      candidates: { [char]: confidence },
    })),
  );
}

describe('check digits', () => {
  it('computes the ICAO 7-3-1 check digit', () => {
    expect(checkDigit('L898902C3')).toBe('6');
    expect(checkDigit('740812')).toBe('2');
    expect(checkDigit('120415')).toBe('9');
    expect(checkDigit('L898902C3674081221204159ZE184226B<<<<<1')).toBe('0');
    expect(checkDigit('<<<<<<')).toBe('0');
  });
});

describe('parseMrz', () => {
  it('parses the ICAO TD3 specimen with every check digit', () => {
    const r = parseMrz(td3, { today })!;
    expect(r.format).toBe('TD3');
    expect(r.valid).toBe(true);
    expect(r.checks.map((c) => [c.name, c.valid])).toEqual([
      ['documentNumber', true],
      ['birthDate', true],
      ['expiryDate', true],
      ['personalNumber', true],
      ['composite', true],
    ]);
    expect(r.fields).toMatchObject({
      documentCode: 'P',
      issuingState: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2012-04-15',
      personalNumber: 'ZE184226B',
    });
    expect(r.repairs).toEqual([]);
  });

  it('parses the TD2 and TD1 specimens', () => {
    const two = parseMrz(td2, { today })!;
    expect([two.format, two.valid, two.fields.documentNumber]).toEqual(['TD2', true, 'D23145890']);
    const one = parseMrz(td1, { today })!;
    expect([one.format, one.valid, one.fields.surname, one.fields.givenNames]).toEqual([
      'TD1',
      true,
      'ERIKSSON',
      'ANNA MARIA',
    ]);
  });

  it('parses visas (MRV-A, MRV-B) and every generated format as valid', () => {
    const random = seededRandom(3);
    for (const format of ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB'] as const) {
      for (let i = 0; i < 20; i++) {
        const holder = randomHolder(random);
        const lines = mrzLines(format, holder);
        const r = parseMrz(lines, { today })!;
        expect(r.format, lines.join('\n')).toBe(format);
        expect(r.valid, `${lines.join('\n')} ${r.problems.join(', ')}`).toBe(true);
        expect(r.fields.documentNumber).toBe(holder.documentNumber);
        expect(r.fields.surname).toBe(holder.surname);
      }
    }
  });

  it('knows the ICAO special codes (D, XXA, UNO, GBD, EUE)', () => {
    const random = seededRandom(9);
    for (const state of ['D', 'XXA', 'UNO', 'GBD', 'EUE', 'XXX']) {
      const holder = { ...randomHolder(random), issuingState: state, nationality: state };
      const r = parseMrz(mrzLines('TD3', holder), { today })!;
      expect(r.valid, r.problems.join()).toBe(true);
      expect(r.fields.issuingStateName).not.toBeNull();
    }
    const unknown = parseMrz(mrzLines('TD3', { ...randomHolder(random), issuingState: 'QQQ' }), { today })!;
    expect(unknown.valid).toBe(false);
    expect(unknown.problems.join()).toMatch(/issuing state "QQQ"/);
  });

  it('infers the century of birth and expiry dates', () => {
    const at = (birth: string, expiry: string) => {
      const lines = mrzLines('TD3', {
        ...randomHolder(seededRandom(1)),
        birthDate: birth,
        expiryDate: expiry,
      });
      return parseMrz(lines, { today })!.fields;
    };
    expect(at('740812', '350101')).toMatchObject({ birthDate: '1974-08-12', expiryDate: '2035-01-01' });
    expect(at('150101', '990101')).toMatchObject({ birthDate: '2015-01-01', expiryDate: '1999-01-01' });
    expect(at('260531', '260601')).toMatchObject({ birthDate: '2026-05-31' });
    expect(at('260602', '260601')).toMatchObject({ birthDate: '1926-06-02' });
  });

  it('reports a wrong check digit as invalid and does not change the data', () => {
    const lines = [td3[0]!, td3[1]!.replace('L898902C36', 'L898902C37')];
    const plain = parseMrz(lines, { today })!;
    expect(plain.valid).toBe(false);
    expect(plain.lines).toEqual(lines);
    expect(plain.checks.find((c) => c.name === 'documentNumber')).toMatchObject({
      valid: false,
      found: '7',
      expected: '6',
    });
    // Even with recognition evidence: the recogniser was sure of every character, so nothing is "fixed".
    const confident = parseMrz(lines, { today, evidence: sure(lines) })!;
    expect(confident.valid).toBe(false);
    expect(confident.lines).toEqual(lines);
    expect(confident.repairs).toEqual([]);
  });

  it('repairs a look-alike only where the check digit and the recogniser agree, and says so', () => {
    // The recogniser read 0 where the document has O and was torn between the two.
    const number = 'ABO123456';
    const fixed = [td3[0]!, `${number}${checkDigit(number)}UTO7408122F1204159<<<<<<<<<<<<<<<`];
    const composite = checkDigit(
      `${fixed[1]!.slice(0, 10)}${fixed[1]!.slice(13, 20)}${fixed[1]!.slice(21, 43)}`,
    );
    fixed[1] = `${fixed[1]}${composite}`;
    const misread = [fixed[0]!, fixed[1]!.replace('ABO', 'AB0')];
    const evidence = sure(misread);
    evidence[1]![2] = {
      confidence: 0.55,
      alternative: 'O',
      alternativeConfidence: 0.4,
      candidates: { '0': 0.55, O: 0.4 },
    };
    const r = parseMrz(misread, { today, evidence })!;
    expect(r.valid).toBe(true);
    expect(r.lines).toEqual(fixed);
    expect(r.repairs).toEqual([{ line: 1, column: 2, from: '0', to: 'O', reason: 'check-digit' }]);
  });

  it('moves characters that cannot occur in a field to their look-alike (field type)', () => {
    const lines = [td3[0]!.replace('ERIKSSON', 'ERIKSS0N'), td3[1]!.replace('7408122', '74O8122')];
    const r = parseMrz(lines, { today })!;
    expect(r.valid).toBe(true);
    expect(r.lines).toEqual(td3);
    expect(r.repairs).toEqual([
      { line: 0, column: 11, from: '0', to: 'O', reason: 'field-type' },
      { line: 1, column: 15, from: 'O', to: '0', reason: 'field-type' },
    ]);
  });

  it('reads letters after a long filler run at the end of the names as fillers', () => {
    // Fillers over a patterned background read as A/K: after four fillers no name part can follow.
    const lines = [td3[0]!.replace('MARIA<<<<<<<<<<<', 'MARIA<<<<<<AAKK<'), td3[1]!];
    const r = parseMrz(lines, { today })!;
    expect(r.lines).toEqual(td3);
    expect(r.fields.givenNames).toBe('ANNA MARIA');
    expect(r.repairs.map((repair) => repair.column)).toEqual([31, 32, 33, 34]);
    // Three fillers and a longer group may be a name part whose first letter was read as a filler.
    const kept = parseMrz([td3[0]!.replace('ANNA<MARIA<<<<', 'ANNA<<<MARIA<<'), td3[1]!], { today })!;
    expect(kept.fields.givenNames).toBe('ANNA   MARIA');
  });

  it("takes a visa's V the recogniser also saw when the zone read as a passport fails its checks", () => {
    const visa = mrzLines('MRVA', randomHolder(seededRandom(5)));
    const misread = [`N${visa[0]!.slice(1)}`, visa[1]!];
    const evidence = sure(misread);
    evidence[0]![0] = {
      confidence: 0.6,
      alternative: 'V',
      alternativeConfidence: 0.3,
      candidates: { N: 0.6, V: 0.3 },
    };
    const r = parseMrz(misread, { today, evidence })!;
    expect(r.format).toBe('MRVA');
    expect(r.valid).toBe(true);
    expect(r.lines).toEqual(visa);
    expect(r.repairs).toEqual([{ line: 0, column: 0, from: 'N', to: 'V', reason: 'field-type' }]);
    // Without the recogniser's word for it the letter stays, and the reading is reported invalid.
    const unsure = parseMrz(misread, { today, evidence: sure(misread) })!;
    expect(unsure.valid).toBe(false);
    expect(unsure.lines[0]![0]).toBe('N');
  });

  it('leaves national layouts to the mrz package (French national ID)', () => {
    const r = parseMrz(['IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<', '9409923102854CORINNE<<<<<<<6512068F4'], {
      today,
    })!;
    expect(r.format).toBe('FRENCH_NATIONAL_ID');
    expect(r.fields.surname).toBe('BERTHIER');
  });

  it('returns null for text that is no MRZ layout', () => {
    expect(parseMrz(['HELLO WORLD'], { today })).toBeNull();
    expect(parseMrz(['P<UTO', 'L898'], { today })).toBeNull();
  });
});
