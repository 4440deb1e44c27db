import { encodeAamva } from '../aamva/encode.js';
import type { CountryCode, EyeColor, HairColor, IsoDate, Sex } from '../aamva/types.js';

// Invented licence holders and the AAMVA payload each version of the standard would carry for them:
// full name in DAA and CCYYMMDD dates for DL/ID-2000, DCT given names for 2003/2005, separate name
// elements and truncation flags from 2009; US dates MMDDCCYY from 2003, Canadian ones CCYYMMDD.
// For fixtures in tests, benchmarks and evaluation only.

export interface SyntheticHolder {
  lastName: string;
  firstName: string;
  middleName: string | null;
  suffix: string | null;
  street1: string;
  city: string;
  jurisdiction: string;
  /** As the parser reports it: no spaces, no all-zero ZIP+4. */
  postalCode: string;
  country: CountryCode;
  dateOfBirth: IsoDate;
  issueDate: IsoDate;
  expiryDate: IsoDate;
  sex: Exclude<Sex, 'unspecified'>;
  eyeColor: Exclude<EyeColor, 'unknown' | 'dichromatic'>;
  hairColor: Exclude<HairColor, 'unknown'>;
  heightInches: number;
  weightPounds: number;
  documentNumber: string;
  vehicleClass: string;
  restrictions: string | null;
  endorsements: string | null;
  organDonor: boolean;
}

const LAST = [
  'MOTORIST',
  'SAMPLE',
  'GARCIA',
  "O'BRIEN",
  'NGUYEN',
  'SMITH-JONES',
  'TESTER',
  'VAN DYKE',
  'KOWALSKI',
];
const FIRST = ['MARY', 'JOHN', 'AIKO', 'JOSE', 'PRIYA', 'OLUWASEUN', 'ANNE', 'LUIS', 'WEI'];
const MIDDLE = ['ANN', 'LEE', 'MARIE', 'J', 'ROBERT', 'ELENA'];
const SUFFIXES = ['JR', 'SR', 'III'];
const STREETS = [
  '123 MAIN ST',
  '4550 N OAK AVE APT 12',
  '77 SUNSET BLVD',
  '9 RUE DES ERABLES',
  '1600 ELM CT',
];
const PLACES: { jurisdiction: string; city: string; country: CountryCode; iin: string; postal: string }[] = [
  { jurisdiction: 'TN', city: 'NASHVILLE', country: 'USA', iin: '636053', postal: '37011' },
  { jurisdiction: 'CA', city: 'SACRAMENTO', country: 'USA', iin: '636014', postal: '958141234' },
  { jurisdiction: 'NY', city: 'ALBANY', country: 'USA', iin: '636001', postal: '12207' },
  { jurisdiction: 'TX', city: 'EL PASO', country: 'USA', iin: '636015', postal: '799365511' },
  { jurisdiction: 'ON', city: 'TORONTO', country: 'CAN', iin: '636012', postal: 'M5V2T6' },
  { jurisdiction: 'QC', city: 'MONTREAL', country: 'CAN', iin: '604428', postal: 'H2X1Y4' },
];
const EYES: SyntheticHolder['eyeColor'][] = ['black', 'blue', 'brown', 'grey', 'green', 'hazel'];
const HAIR: SyntheticHolder['hairColor'][] = ['black', 'blond', 'brown', 'grey', 'red', 'white', 'bald'];
const EYE_CODES: Record<SyntheticHolder['eyeColor'], string> = {
  black: 'BLK',
  blue: 'BLU',
  brown: 'BRO',
  grey: 'GRY',
  green: 'GRN',
  hazel: 'HAZ',
  maroon: 'MAR',
  pink: 'PNK',
};
const HAIR_CODES: Record<SyntheticHolder['hairColor'], string> = {
  bald: 'BAL',
  black: 'BLK',
  blond: 'BLN',
  brown: 'BRO',
  grey: 'GRY',
  red: 'RED',
  sandy: 'SDY',
  white: 'WHI',
};

/** Small deterministic PRNG (mulberry32) so fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticHolder(seed: number): SyntheticHolder & { iin: string } {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const place = pick(PLACES);
  const birthYear = 1940 + Math.floor(random() * 65);
  const issueYear = 2010 + Math.floor(random() * 14);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const iso = (y: number, m: number, d: number) =>
    `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return {
    iin: place.iin,
    lastName: pick(LAST),
    firstName: pick(FIRST),
    middleName: random() < 0.7 ? pick(MIDDLE) : null,
    suffix: random() < 0.2 ? pick(SUFFIXES) : null,
    street1: pick(STREETS),
    city: place.city,
    jurisdiction: place.jurisdiction,
    postalCode: place.postal,
    country: place.country,
    dateOfBirth: iso(birthYear, month, day),
    issueDate: iso(issueYear, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
    expiryDate: iso(issueYear + 8, month, day),
    sex: random() < 0.5 ? 'female' : 'male',
    eyeColor: pick(EYES),
    hairColor: pick(HAIR),
    heightInches: 58 + Math.floor(random() * 20),
    weightPounds: 100 + Math.floor(random() * 150),
    documentNumber: `${pick(['D', 'S', 'X', ''])}${Math.floor(random() * 1e9)
      .toString()
      .padStart(9, '0')}`,
    vehicleClass: pick(['C', 'D', 'A', 'M']),
    restrictions: random() < 0.5 ? pick(['B', 'BC', '1']) : null,
    endorsements: random() < 0.3 ? pick(['M', 'HN', 'P']) : null,
    organDonor: random() < 0.5,
  };
}

/** The DL subfile elements a card of `versionNumber` would carry for the holder. */
export function holderElements(holder: SyntheticHolder, versionNumber: number): [string, string][] {
  const canadian = holder.country === 'CAN';
  const [y, m, d] = [0, 1, 2];
  const date = (iso: IsoDate) => {
    const p = iso.split('-');
    return versionNumber <= 1 || canadian ? `${p[y]}${p[m]}${p[d]}` : `${p[m]}${p[d]}${p[y]}`;
  };
  const postal = canadian
    ? `${holder.postalCode.slice(0, 3)} ${holder.postalCode.slice(3)}`
    : holder.postalCode.padEnd(9, '0').padEnd(11, ' ');
  const e: [string, string][] = [['DAQ', holder.documentNumber]];

  if (versionNumber <= 1) {
    const full = [holder.lastName, holder.firstName, holder.middleName ?? '', holder.suffix ?? ''].join(',');
    e.push(['DAA', full.replace(/,+$/, '')]);
    e.push(['DAG', holder.street1], ['DAI', holder.city], ['DAJ', holder.jurisdiction], ['DAK', postal]);
    e.push(
      ['DAR', holder.vehicleClass],
      ['DAS', holder.restrictions ?? ''],
      ['DAT', holder.endorsements ?? ''],
    );
    e.push(
      ['DBA', date(holder.expiryDate)],
      ['DBB', date(holder.dateOfBirth)],
      ['DBD', date(holder.issueDate)],
    );
    e.push(['DBC', holder.sex === 'male' ? 'M' : 'F']);
    const feet = Math.floor(holder.heightInches / 12);
    e.push(
      ['DAU', `${feet}${String(holder.heightInches % 12).padStart(2, '0')}`],
      ['DAW', String(holder.weightPounds)],
    );
    e.push(['DAY', EYE_CODES[holder.eyeColor]], ['DAZ', HAIR_CODES[holder.hairColor]]);
    e.push(['DBH', holder.organDonor ? 'Y' : 'N']);
    return e;
  }

  e.push(
    ['DCA', holder.vehicleClass],
    ['DCB', holder.restrictions ?? 'NONE'],
    ['DCD', holder.endorsements ?? 'NONE'],
  );
  e.push(['DBA', date(holder.expiryDate)], ['DCS', holder.lastName]);
  if (versionNumber <= 3) {
    e.push(['DCT', [holder.firstName, holder.middleName].filter(Boolean).join(' ')]);
  } else {
    e.push(['DAC', holder.firstName], ['DAD', holder.middleName ?? 'NONE']);
  }
  e.push(['DBD', date(holder.issueDate)], ['DBB', date(holder.dateOfBirth)]);
  e.push(['DBC', holder.sex === 'male' ? '1' : '2'], ['DAY', EYE_CODES[holder.eyeColor]]);
  e.push(['DAU', `${String(holder.heightInches).padStart(3, '0')} IN`]);
  e.push(['DAG', holder.street1], ['DAI', holder.city], ['DAJ', holder.jurisdiction], ['DAK', postal]);
  e.push(['DCF', `${holder.documentNumber}${holder.issueDate.replaceAll('-', '')}`], ['DCG', holder.country]);
  if (holder.suffix) e.push(['DCU', holder.suffix]);
  e.push(['DAZ', HAIR_CODES[holder.hairColor]], ['DAW', String(holder.weightPounds)]);
  if (versionNumber >= 4) {
    e.push(['DDE', 'N'], ['DDF', 'N'], ['DDG', 'N'], ['DDA', 'F']);
    if (holder.organDonor) e.push(['DDK', '1']);
  }
  return e;
}

/** A complete payload for the holder: header, DL subfile and a small jurisdiction subfile. */
export function holderPayload(holder: SyntheticHolder & { iin: string }, versionNumber: number): string {
  const zType = `Z${holder.jurisdiction[0]}`;
  return encodeAamva({
    iin: holder.iin,
    versionNumber,
    subfiles: [
      { type: 'DL', elements: holderElements(holder, versionNumber) },
      {
        type: zType,
        elements: [
          [`${zType}A`, 'SYNTHETIC'],
          [`${zType}B`, String(versionNumber)],
        ],
      },
    ],
  });
}
