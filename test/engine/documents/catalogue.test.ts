import { describe, expect, it } from 'vitest';
import {
  catalogueEntries,
  documentFieldsFor,
  documentFieldsOf,
  documentModels,
  expectedLayout,
  idTypesWithBackSide,
  modelsFor,
  needsBackSide,
} from '../../../src/engine/documents/catalogue.js';
import { verifyChecksum } from '../../../src/engine/documents/checksums.js';
import { classifyDocument } from '../../../src/engine/documents/classify.js';
import { looksLikeMrz } from '../../../src/engine/documents/mrz-evidence.js';
import { DOCUMENT_FIELD_KEYS, FIELD_NAMES } from '../../../src/engine/documents/types.js';

describe('document catalogue (data)', () => {
  it('covers the generic ICAO documents and every major country of the spec', () => {
    const ids = documentModels.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['ICAO.passport.TD3', 'ICAO.government_id.TD1', 'ICAO.government_id.TD2']),
    );
    for (const country of [
      'USA',
      'CAN',
      'MEX',
      'BRA',
      'ARG',
      'GBR',
      'DEU',
      'FRA',
      'ESP',
      'ITA',
      'KOR',
      'JPN',
      'CHN',
      'AUS',
      'NZL',
    ])
      expect(
        documentModels.some((m) => m.country === country),
        country,
      ).toBe(true);
    expect(documentModels.filter((m) => m.barcode?.content === 'AAMVA').map((m) => m.country)).toEqual(
      expect.arrayContaining(['USA', 'CAN']),
    );
  });

  it('holds well-formed models: known fields, regions inside the card, compilable patterns', () => {
    for (const model of documentModels) {
      expect(model.fields.length, model.id).toBeGreaterThan(0);
      for (const field of model.fields) {
        const where = `${model.id} ${field.field}`;
        expect(FIELD_NAMES, where).toContain(field.field);
        expect(model.sides, where).toContain(field.side);
        expect(field.labels.length > 0 || field.region !== undefined, where).toBe(true);
        if (field.region) {
          const [l, t, r, b] = field.region;
          expect(0 <= l && l < r && r <= 1 && 0 <= t && t < b && b <= 1, where).toBe(true);
        }
        if (field.pattern) expect(() => new RegExp(field.pattern!), where).not.toThrow();
        if (field.checksum) expect(field.pattern, where).toBeDefined();
      }
      for (const key of model.carries) expect(DOCUMENT_FIELD_KEYS).toContain(key);
      if (model.mrz) expect(model.sides).toContain(model.mrz.side);
    }
  });

  it('answers document_fields (argos.md §4.2) from the models, the default set otherwise', () => {
    const kor = documentFieldsFor('KOR', 'drivers_license');
    expect(kor).toMatchObject({
      name: true,
      identityNumber: true,
      number: true,
      serialNumber: true,
      nationality: false,
    });
    expect(Object.keys(documentFieldsOf(undefined))).toEqual([...DOCUMENT_FIELD_KEYS]);
    expect(documentFieldsOf(undefined)).toMatchObject({
      name: true,
      documentNumber: true,
      identityNumber: false,
    });
    // Any passport: the generic TD3 model.
    expect(modelsFor('POL', 'passport').map((m) => m.id)).toEqual(['ICAO.passport.TD3']);
    expect(modelsFor('DEU', 'government_id')[0]?.id).toBe('DEU.government_id.2010');
  });
});

describe('what a requested document carries where', () => {
  it('says which side holds the MRZ and the barcode, from the models', () => {
    expect(expectedLayout('DEU', 'government_id')).toEqual({
      mrzSides: ['back'],
      barcode: false,
      back: true,
    });
    expect(expectedLayout('USA', 'drivers_license')).toEqual({ mrzSides: [], barcode: true, back: true });
    expect(expectedLayout('POL', 'passport')).toEqual({ mrzSides: ['front'], barcode: false, back: false });
    // A country without a model of its own: the generic ICAO cards (TD1 on the back, TD2 on the front).
    expect(expectedLayout('POL', 'government_id')?.mrzSides).toEqual(['back', 'front']);
    // No generic driver licence: every licence model stands for it.
    expect(expectedLayout('POL', 'drivers_license')).toMatchObject({ mrzSides: [], barcode: true });
    expect(expectedLayout('POL', 'pancard')).toBeNull();
  });

  it('asks for the back of the documents whose models print data there', () => {
    expect(needsBackSide('DEU', 'government_id')).toBe(true);
    expect(needsBackSide('USA', 'drivers_license')).toBe(true);
    expect(needsBackSide('BRA', 'drivers_license')).toBe(false);
    expect(needsBackSide('JPN', 'drivers_license')).toBe(false);
    expect(needsBackSide('UTO', 'passport')).toBe(false);
    expect(needsBackSide('IND', 'aadhaar')).toBe(false);
    expect(idTypesWithBackSide()).toEqual(['government_id', 'drivers_license', 'residence_permit']);
    expect(idTypesWithBackSide('BRA')).toEqual(['government_id', 'residence_permit']);
    const entries = catalogueEntries();
    expect(entries).toContainEqual({ country: 'CHN', idType: 'drivers_license', back: false });
    expect(entries).toContainEqual({ country: '*', idType: 'passport', back: false });
    expect(new Set(entries.map((e) => `${e.country}:${e.idType}`)).size).toBe(entries.length);
  });

  it('gives the fields of a type without a model from the type', () => {
    const on = (fields: Record<string, boolean>) =>
      Object.entries(fields)
        .filter(([, v]) => v)
        .map(([k]) => k);
    expect(on(documentFieldsFor('IND', 'aadhaar'))).toEqual(['name', 'birthDate', 'gender', 'idNumber']);
    expect(on(documentFieldsFor('IND', 'pancard'))).toEqual(['name', 'birthDate', 'number']);
    expect(documentFieldsFor('POL', 'drivers_license').nationality).toBe(false);
    expect(documentFieldsFor('POL', 'passport').nationality).toBe(true);
  });
});

describe('MRZ evidence on a page', () => {
  it('sees MRZ lines as a general recogniser reads them, and not ordinary print', () => {
    expect(looksLikeMrz([{ text: 'I<DEUZ3XMNGMWW8<<<<<<<<<<<<<<<' }])).toBe(true);
    expect(looksLikeMrz([{ text: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' }])).toBe(true);
    expect(looksLikeMrz([{ text: 'P«UTOERIKSSON««ANNA«MARIA««««««««««««««««««««' }])).toBe(true);
    expect(looksLikeMrz([{ text: 'L898902C36UTO7408122F1204159ZE184226B<<<<<10' }])).toBe(true);
    expect(
      looksLikeMrz([{ text: 'BUNDESREPUBLIK DEUTSCHLAND' }, { text: 'Geburtstag / Date of birth' }]),
    ).toBe(false);
    expect(looksLikeMrz([{ text: '8 RUE DE LA PAIX SPRINGFIELD IL 62701' }])).toBe(false);
    expect(looksLikeMrz([{ text: '<<' }])).toBe(false);
  });
});

describe('national checksums', () => {
  it('verifies the published algorithms', () => {
    expect(verifyChecksum('esp-dni', '12345678Z')).toBe(true);
    expect(verifyChecksum('esp-dni', '12345678A')).toBe(false);
    expect(verifyChecksum('chn-resident-id', '11010519491231002X')).toBe(true);
    expect(verifyChecksum('chn-resident-id', '110105194912310021')).toBe(false);
    expect(verifyChecksum('ita-codice-fiscale', 'RSSMRA85T10A562S')).toBe(true);
    expect(verifyChecksum('ita-codice-fiscale', 'RSSMRA85T10A562T')).toBe(false);
    expect(verifyChecksum('mex-curp', 'MAAR790213HMNRLF03')).toBe(true);
    expect(verifyChecksum('mex-curp', 'MAAR790213HMNRLF04')).toBe(false);
    expect(verifyChecksum('bra-cpf', '529.982.247-25')).toBe(true);
    expect(verifyChecksum('bra-cpf', '111.111.111-11')).toBe(false);
    expect(verifyChecksum('icao-9303', 'L898902C36')).toBe(true);
  });
});

describe('classification', () => {
  const text = (lines: string[]) => ({ front: lines });
  it('takes country and type from the MRZ and flags a claim it contradicts', () => {
    const mrz = { documentCode: 'I', issuingCountry: 'DEU', format: 'TD1', valid: true };
    const fit = classifyDocument({
      mrz,
      barcode: null,
      text: text([]),
      frontAspect: null,
      requested: { country: 'DEU', idType: 'government_id' },
    });
    expect(fit.model?.id).toBe('DEU.government_id.2010');
    expect(fit.mismatch).toBeNull();
    const wrong = classifyDocument({
      mrz,
      barcode: null,
      text: text([]),
      frontAspect: null,
      requested: { country: 'FRA', idType: 'government_id' },
    });
    expect(wrong.mismatch).toMatch(/DEU/);
    const passport = classifyDocument({
      mrz: { documentCode: 'P', issuingCountry: 'POL', format: 'TD3', valid: true },
      barcode: null,
      text: text([]),
      frontAspect: null,
      requested: { country: 'POL', idType: 'passport' },
    });
    expect(passport.model?.id).toBe('ICAO.passport.TD3');
    expect(passport.country).toBe('POL');
  });

  it('reads the AAMVA issuer and subfile, and the printed words when there is no machine zone', () => {
    const us = classifyDocument({
      mrz: null,
      barcode: { country: 'USA', subfile: 'DL' },
      text: text(['CALIFORNIA', 'DRIVER LICENSE']),
      frontAspect: 1.58,
      requested: { country: 'USA', idType: 'drivers_license' },
    });
    expect(us.model?.id).toBe('USA.drivers_license.AAMVA');
    const claimedCanadian = classifyDocument({
      mrz: null,
      barcode: { country: 'USA', subfile: 'DL' },
      text: text([]),
      frontAspect: null,
      requested: { country: 'CAN', idType: 'drivers_license' },
    });
    expect(claimedCanadian.mismatch).toMatch(/USA/);
    const words = classifyDocument({
      mrz: null,
      barcode: null,
      text: text([
        'REPUBBLICA ITALIANA',
        'CARTA DI IDENTITA',
        'COGNOME / SURNAME',
        'NOME / NAME',
        'SESSO / SEX',
        'CITTADINANZA / NATIONALITY',
        'SCADENZA / EXPIRY',
      ]),
      frontAspect: 1.58,
      requested: { country: 'ESP', idType: 'government_id' },
    });
    expect(words.mismatch).toMatch(/Italian/);
  });
});
