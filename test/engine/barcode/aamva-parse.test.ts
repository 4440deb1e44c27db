import { describe, expect, it } from 'vitest';
import { encodeAamva } from '../../../src/engine/barcode/aamva/encode.js';
import { parseAamva } from '../../../src/engine/barcode/aamva/parse.js';
import type { AamvaDocument, AamvaParseResult } from '../../../src/engine/barcode/aamva/types.js';
import { holderPayload, syntheticHolder } from '../../../src/fixtures/barcode/holder.js';

function documentOf(result: AamvaParseResult): AamvaDocument {
  if (!result.ok) throw new Error(`expected a document, got ${result.error}: ${result.message}`);
  return result.document;
}

const values = (doc: AamvaDocument) =>
  Object.fromEntries(Object.entries(doc.fields).map(([k, f]) => [k, f.value]));

/** A 2016 (version 09) Tennessee licence with the standard LF/RS/CR separators. */
const base2016 = (elements: [string, string][]) =>
  encodeAamva({ iin: '636053', versionNumber: 9, subfiles: [{ type: 'DL', elements }] });

const core: [string, string][] = [
  ['DAQ', 'D123456789'],
  ['DCS', 'MOTORIST'],
  ['DAC', 'MARY'],
  ['DAD', 'ANN'],
  ['DBA', '06302031'],
  ['DBB', '01311985'],
  ['DBD', '07012023'],
  ['DBC', '2'],
  ['DAU', '066 IN'],
];

describe('parseAamva on payloads we write', () => {
  it('round-trips an invented holder through every version of the standard', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const holder = syntheticHolder(seed);
      for (const version of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
        const doc = documentOf(parseAamva(holderPayload(holder, version)));
        const context = `seed ${seed} version ${version}`;
        expect(doc.version.number, context).toBe(version);
        expect(doc.version.standard, context).toBe(
          [
            'PRE_AAMVA2000',
            'AAMVA2000',
            'AAMVA2003',
            'AAMVA2005',
            'AAMVA2009',
            'AAMVA2010',
            'AAMVA2011',
            'AAMVA2012',
            'AAMVA2013',
            'AAMVA2016',
            'AAMVA2020',
          ][version],
        );
        const got = values(doc);
        expect(
          {
            lastName: got.lastName,
            firstName: got.firstName,
            middleName: got.middleName ?? null,
            suffix: got.suffix ?? null,
            dateOfBirth: got.dateOfBirth,
            issueDate: got.issueDate,
            expiryDate: got.expiryDate,
            documentNumber: got.documentNumber,
            sex: got.sex,
            eyeColor: got.eyeColor,
            hairColor: got.hairColor,
            height: got.height,
            weight: got.weight,
            street1: got.street1,
            city: got.city,
            jurisdictionCode: got.jurisdictionCode,
            postalCode: got.postalCode,
            country: got.country,
            vehicleClass: got.vehicleClass,
            restrictions: got.restrictions ?? null,
            endorsements: got.endorsements ?? null,
          },
          context,
        ).toEqual({
          lastName: holder.lastName,
          firstName: holder.firstName,
          middleName: holder.middleName,
          // DL/ID-2003/2005 cards carry the suffix in DCU too; all versions keep it.
          suffix: holder.suffix,
          dateOfBirth: holder.dateOfBirth,
          issueDate: holder.issueDate,
          expiryDate: holder.expiryDate,
          documentNumber: holder.documentNumber,
          sex: holder.sex,
          eyeColor: holder.eyeColor,
          hairColor: holder.hairColor,
          height: { unit: 'in', value: holder.heightInches },
          weight: { unit: 'lb', value: holder.weightPounds },
          street1: holder.street1,
          city: holder.city,
          jurisdictionCode: holder.jurisdiction,
          postalCode: holder.postalCode,
          country: holder.country,
          vehicleClass: holder.vehicleClass,
          restrictions: holder.restrictions,
          endorsements: holder.endorsements,
        });
        if (version <= 1 || version >= 4) expect(got.organDonor ?? false, context).toBe(holder.organDonor);
        expect(doc.warnings, context).toEqual([]);
        expect(doc.truncated, context).toBe(false);
        expect(doc.documentKind).toBe('driver_licence');
      }
    }
  });

  it('records the element every field came from', () => {
    const doc = documentOf(parseAamva(base2016(core)));
    expect(doc.fields.lastName).toEqual({ value: 'MOTORIST', element: 'DCS', raw: 'MOTORIST' });
    expect(doc.fields.dateOfBirth).toEqual({ value: '1985-01-31', element: 'DBB', raw: '01311985' });
    expect(doc.fields.jurisdictionCode).toEqual({ value: 'TN', element: 'IIN', raw: '636053' });
    expect(doc.issuer).toEqual({ iin: '636053', jurisdiction: 'TN', name: 'Tennessee', country: 'USA' });
    expect(doc.version).toEqual({ number: 9, standard: 'AAMVA2016' });
  });

  it('accepts a UTF-8 BOM, CR LF line ends, RS-only and piped separators', () => {
    const plain = base2016(core);
    const variants = [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain, 'latin1')]),
      plain.replaceAll('\n', '\r\n'),
      encodeAamva({
        iin: '636053',
        versionNumber: 9,
        subfiles: [{ type: 'DL', elements: core }],
        separators: { element: '\u001e', record: '\u001e', segment: '\r' },
      }),
      encodeAamva({
        iin: '636053',
        versionNumber: 9,
        subfiles: [{ type: 'DL', elements: core }],
        separators: { element: '|', record: '\u001e', segment: '|' },
      }),
    ];
    for (const variant of variants) {
      const doc = documentOf(parseAamva(typeof variant === 'string' ? variant : new Uint8Array(variant)));
      expect(values(doc)).toMatchObject({
        lastName: 'MOTORIST',
        firstName: 'MARY',
        middleName: 'ANN',
        dateOfBirth: '1985-01-31',
      });
    }
  });

  it('survives mangled header separators, a missing subfile prefix and stray C1 characters', () => {
    // 'M' in place of the segment terminator, which then also ends the data
    const mTerminated = base2016(core).replace('@\n\u001e\r', '@\n6M').replace(/\r$/, '').replace(/\n$/, 'M');
    expect(values(documentOf(parseAamva(mTerminated)))).toMatchObject({ height: { unit: 'in', value: 66 } });
    // No 'DL' before the first element, as on some West Virginia cards
    const unprefixed = base2016(core).replace('DLDAQ', 'DAQ');
    expect(values(documentOf(parseAamva(unprefixed))).documentNumber).toBe('D123456789');
    // U+0090 around every separator, encoded as UTF-8
    const noisy = Buffer.from(base2016(core).replaceAll('\n', '\u0090\n\u0090'), 'utf8');
    expect(values(documentOf(parseAamva(new Uint8Array(noisy))))).toMatchObject({
      lastName: 'MOTORIST',
      sex: 'female',
    });
  });

  it('finds a jurisdiction subfile that runs on without a separator', () => {
    // As on an Indiana card: '...DDB09212009MZIZIC457' with 'M' for the lost segment terminator.
    const payload = `${base2016([...core, ['DDB', '03162012']]).replace(/\n\r$/, '')}MZTZTAVALUE\nZTB2\n`;
    const doc = documentOf(parseAamva(payload));
    expect(doc.jurisdictionElements).toEqual([
      { id: 'ZTA', value: 'VALUE' },
      { id: 'ZTB', value: '2' },
    ]);
    expect(doc.fields.revisionDate?.value).toBe('2012-03-16');
    expect(doc.warnings).toContain('DDB: trailing characters "M"');
  });

  it('reads DL/ID-2000 full names in each layout', () => {
    const names: [string, Record<string, string | undefined>][] = [
      ['SMITH,JOHN,PAUL,JR', { lastName: 'SMITH', firstName: 'JOHN', middleName: 'PAUL', suffix: 'JR' }],
      ['SMITH, JOHN PAUL', { lastName: 'SMITH', firstName: 'JOHN', middleName: 'PAUL' }],
      ['JOHN PAUL SMITH', { lastName: 'SMITH', firstName: 'JOHN', middleName: 'PAUL' }],
      ['SMITH,JOHN,,III', { lastName: 'SMITH', firstName: 'JOHN', suffix: 'III' }],
      ['SMITH,JOHN, ,', { lastName: 'SMITH', firstName: 'JOHN' }],
    ];
    for (const [full, expected] of names) {
      const payload = encodeAamva({
        iin: '636025',
        versionNumber: 1,
        subfiles: [
          {
            type: 'DL',
            elements: [
              ['DAQ', '1'],
              ['DAA', full],
              ['DBB', '19800102'],
              ['DBA', '20300102'],
            ],
          },
        ],
      });
      const doc = documentOf(parseAamva(payload));
      const got = values(doc);
      expect(
        { lastName: got.lastName, firstName: got.firstName, middleName: got.middleName, suffix: got.suffix },
        full,
      ).toEqual(expected);
      expect(doc.fields.lastName?.element).toBe('DAA');
    }
  });

  it('reads dates in the order the country and version call for, and the other order when the card errs', () => {
    const us2005 = (dbb: string) =>
      encodeAamva({
        iin: '636001',
        versionNumber: 3,
        subfiles: [
          {
            type: 'DL',
            elements: [
              ['DAQ', '1'],
              ['DBB', dbb],
              ['DCG', 'USA'],
            ],
          },
        ],
      });
    const canada = (dbb: string) =>
      encodeAamva({
        iin: '636012',
        versionNumber: 8,
        subfiles: [
          {
            type: 'DL',
            elements: [
              ['DAQ', '1'],
              ['DBB', dbb],
              ['DCG', 'CAN'],
            ],
          },
        ],
      });
    expect(documentOf(parseAamva(us2005('03041972'))).fields.dateOfBirth?.value).toBe('1972-03-04');
    expect(documentOf(parseAamva(canada('19720304'))).fields.dateOfBirth?.value).toBe('1972-03-04');
    const contrary = documentOf(parseAamva(us2005('19720304')));
    expect(contrary.fields.dateOfBirth?.value).toBe('1972-03-04');
    expect(contrary.warnings.some((w) => w.includes('CCYYMMDD instead of MMDDCCYY'))).toBe(true);
    const impossible = documentOf(parseAamva(us2005('02301972')));
    expect(impossible.fields.dateOfBirth).toBeUndefined();
    expect(impossible.warnings.some((w) => w.startsWith('DBB: not a calendar date'))).toBe(true);
  });

  it('normalises heights, weights, postal codes, colours and flags', () => {
    const doc = documentOf(
      parseAamva(
        base2016([
          ...core.filter(([id]) => id !== 'DAU'),
          ['DAU', '511'],
          ['DAW', '72 KG'],
          ['DAK', '37011     0'],
          ['DAY', 'HZL'],
          ['DAZ', 'BRN'],
          ['DDK', '1'],
          ['DDL', ' '],
          ['DDA', 'M'],
          ['DCE', '4'],
          ['DDE', 'T'],
          ['DDF', 'U'],
        ]),
      ),
    );
    expect(values(doc)).toMatchObject({
      height: { unit: 'in', value: 71 },
      weight: { unit: 'kg', value: 72 },
      postalCode: '37011',
      eyeColor: 'hazel',
      hairColor: 'brown',
      organDonor: true,
      veteran: false,
      complianceType: 'materially_compliant',
      weightRange: { code: 4, minPounds: 161, maxPounds: 190, minKilograms: 71, maxKilograms: 86 },
      lastNameTruncated: true,
    });
    expect(doc.fields.firstNameTruncated).toBeUndefined();
  });
});

describe('parseAamva on bad input', () => {
  it('gives a typed error for empty, non-AAMVA and header-truncated payloads', () => {
    expect(parseAamva('')).toMatchObject({ ok: false, error: 'EMPTY' });
    expect(parseAamva(new Uint8Array())).toMatchObject({ ok: false, error: 'EMPTY' });
    expect(parseAamva('   \n\r ')).toMatchObject({ ok: false, error: 'EMPTY' });
    expect(parseAamva('This is PDF417')).toMatchObject({ ok: false, error: 'NOT_AAMVA' });
    expect(parseAamva('https://example.org/verify?id=1')).toMatchObject({ ok: false, error: 'NOT_AAMVA' });
    expect(parseAamva(new Uint8Array([0x78, 0x9c, 0xc5, 0x99, 0x5b, 0x8f, 0x9a, 0x40, 0x14]))).toMatchObject({
      ok: false,
      error: 'NOT_AAMVA',
    });
    expect(parseAamva('@\n\u001e\rANSI 6360')).toMatchObject({ ok: false, error: 'TRUNCATED_HEADER' });
    expect(parseAamva('@\n\u001e\rANSI 636053090001')).toMatchObject({
      ok: false,
      error: 'TRUNCATED_HEADER',
    });
    expect(parseAamva('@\n\u001e\rANSI 636053090001DL00310010\n\r')).toMatchObject({
      ok: false,
      error: 'NO_ELEMENTS',
    });
    expect(parseAamva('x'.repeat(100_000))).toMatchObject({ ok: false, error: 'NOT_AAMVA' });
  });

  it('flags a payload cut short and keeps what it has', () => {
    const full = base2016([
      ...core,
      ['DCF', 'X1'],
      ['DCG', 'USA'],
      ['DAG', '1 MAIN ST'],
      ['DAI', 'NASHVILLE'],
      ['DAJ', 'TN'],
      ['DAK', '37011'],
    ]);
    const cut = full.slice(0, full.indexOf('DBD'));
    const doc = documentOf(parseAamva(cut));
    expect(doc.truncated).toBe(true);
    expect(values(doc)).toMatchObject({ lastName: 'MOTORIST', dateOfBirth: '1985-01-31' });
    expect(doc.fields.issueDate).toBeUndefined();
    expect(doc.warnings.some((w) => w.startsWith('mandatory elements missing'))).toBe(true);
  });

  it('never throws on random bytes', () => {
    let state = 12345;
    for (let n = 0; n < 300; n++) {
      const bytes = new Uint8Array(1 + (n % 400));
      for (let i = 0; i < bytes.length; i++) {
        state = (state * 1103515245 + 12345) >>> 0;
        bytes[i] = state >>> 24;
      }
      // half of them behind a valid-looking header
      const payload =
        n % 2
          ? bytes
          : new Uint8Array([...Buffer.from('@\n\u001e\rANSI 636053090001DL00310400DL'), ...bytes]);
      const result = parseAamva(payload);
      expect(typeof result.ok).toBe('boolean');
    }
  });
});
