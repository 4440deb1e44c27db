import type { ComplianceType, Ethnicity, EyeColor, HairColor, Sex, WeightRange } from './types.js';

// Code tables of the AAMVA DL/ID standard (ANSI D-20 colour codes and friends), plus the spellings
// real cards use instead of the standard codes ('BRN', 'BR', 'BROWN', 'HZL', ...).

export const EYE_COLORS: Record<string, EyeColor> = {
  BLK: 'black',
  BLACK: 'black',
  BLU: 'blue',
  BLUE: 'blue',
  BRO: 'brown',
  BRN: 'brown',
  BR: 'brown',
  BN: 'brown',
  BROWN: 'brown',
  GRY: 'grey',
  GRAY: 'grey',
  GREY: 'grey',
  GRN: 'green',
  GREEN: 'green',
  HAZ: 'hazel',
  HZL: 'hazel',
  HAZEL: 'hazel',
  MAR: 'maroon',
  MAROON: 'maroon',
  PNK: 'pink',
  PINK: 'pink',
  DIC: 'dichromatic',
  UNK: 'unknown',
};

export const HAIR_COLORS: Record<string, HairColor> = {
  BAL: 'bald',
  BALD: 'bald',
  BLK: 'black',
  BLACK: 'black',
  BLN: 'blond',
  BLD: 'blond',
  BLOND: 'blond',
  BRO: 'brown',
  BRN: 'brown',
  BR: 'brown',
  BROWN: 'brown',
  GRY: 'grey',
  GRAY: 'grey',
  GREY: 'grey',
  RED: 'red',
  AUB: 'red',
  SDY: 'sandy',
  SANDY: 'sandy',
  WHI: 'white',
  WHT: 'white',
  WHITE: 'white',
  UNK: 'unknown',
};

/** DBC: 1/2/9 from AAMVA 2003 on, M/F in DL/ID-2000; 'X' is used for "not specified" since 2020. */
export const SEXES: Record<string, Sex> = {
  '1': 'male',
  M: 'male',
  '2': 'female',
  F: 'female',
  '9': 'unspecified',
  X: 'unspecified',
};

export const COMPLIANCE_TYPES: Record<string, ComplianceType> = {
  F: 'fully_compliant',
  M: 'materially_compliant',
  N: 'non_compliant',
};

export const ETHNICITIES: Record<string, Ethnicity> = {
  AI: 'alaskan_or_american_indian',
  AP: 'asian_or_pacific_islander',
  BK: 'black',
  H: 'hispanic',
  O: 'non_hispanic',
  U: 'unknown',
  W: 'white',
};

/** DCE weight ranges: [min lb, max lb, min kg, max kg]; the top range is open-ended. */
const WEIGHT_RANGE_BOUNDS: [number, number | null, number, number | null][] = [
  [0, 70, 0, 31],
  [71, 100, 32, 45],
  [101, 130, 46, 59],
  [131, 160, 60, 70],
  [161, 190, 71, 86],
  [191, 220, 87, 100],
  [221, 250, 101, 113],
  [251, 280, 114, 127],
  [281, 320, 128, 145],
  [321, null, 146, null],
];

export function weightRange(code: number): WeightRange | null {
  const bounds = WEIGHT_RANGE_BOUNDS[code];
  if (!bounds) return null;
  const [minPounds, maxPounds, minKilograms, maxKilograms] = bounds;
  return { code, minPounds, maxPounds, minKilograms, maxKilograms };
}

/** Name suffixes recognised when a suffix has to be split out of a full-name element. */
export const NAME_SUFFIXES = new Set([
  'JR',
  'SR',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  '1ST',
  '2ND',
  '3RD',
  '4TH',
  '5TH',
]);
