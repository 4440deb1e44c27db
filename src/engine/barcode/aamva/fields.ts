import type { AamvaFieldName } from './types.js';
import * as v from './values.js';

// Which data elements feed which field, in order of preference, and how each is parsed. One table for
// all versions: element ids keep their meaning across versions, later standards only add or retire
// ids (DL/ID-2000's DAR/DAS/DAT became DCA/DCB/DCD; DBH organ donor became DDK). Names are resolved
// separately (names.ts) because several elements combine into them.

export interface FieldSource {
  element: string;
  parse: v.ValueParser<unknown>;
}

export const FIELD_SOURCES: Partial<Record<AamvaFieldName, FieldSource[]>> = {
  lastNameTruncated: [{ element: 'DDE', parse: v.truncation }],
  firstNameTruncated: [{ element: 'DDF', parse: v.truncation }],
  middleNameTruncated: [{ element: 'DDG', parse: v.truncation }],

  street1: [
    { element: 'DAG', parse: v.nameText },
    { element: 'DAL', parse: v.nameText }, // DL/ID-2000 residence address
  ],
  street2: [
    { element: 'DAH', parse: v.nameText },
    { element: 'DAM', parse: v.nameText },
  ],
  city: [
    { element: 'DAI', parse: v.text },
    { element: 'DAN', parse: v.text },
  ],
  jurisdictionCode: [
    { element: 'DAJ', parse: v.upperText },
    { element: 'DAO', parse: v.upperText },
  ],
  postalCode: [
    { element: 'DAK', parse: v.postalCode },
    { element: 'DAP', parse: v.postalCode },
  ],
  country: [{ element: 'DCG', parse: v.country }],

  dateOfBirth: [{ element: 'DBB', parse: v.date }],
  placeOfBirth: [{ element: 'DCI', parse: v.text }],
  sex: [{ element: 'DBC', parse: v.sex }],
  eyeColor: [{ element: 'DAY', parse: v.eyeColor }],
  hairColor: [{ element: 'DAZ', parse: v.hairColor }],
  ethnicity: [{ element: 'DCL', parse: v.ethnicity }],
  height: [
    { element: 'DAU', parse: v.height },
    { element: 'DAV', parse: v.heightCentimetres },
  ],
  weight: [
    { element: 'DAW', parse: v.weightPounds },
    { element: 'DAX', parse: v.weightKilograms },
  ],
  weightRange: [{ element: 'DCE', parse: v.weightRange }],

  documentNumber: [{ element: 'DAQ', parse: v.text }],
  documentDiscriminator: [{ element: 'DCF', parse: v.text }],
  inventoryControlNumber: [{ element: 'DCK', parse: v.text }],
  auditInformation: [{ element: 'DCJ', parse: v.text }],
  issueDate: [{ element: 'DBD', parse: v.date }],
  expiryDate: [{ element: 'DBA', parse: v.date }],
  revisionDate: [{ element: 'DDB', parse: v.date }],
  hazmatExpiryDate: [{ element: 'DDC', parse: v.date }],
  under18Until: [{ element: 'DDH', parse: v.date }],
  under19Until: [{ element: 'DDI', parse: v.date }],
  under21Until: [{ element: 'DDJ', parse: v.date }],

  vehicleClass: [
    { element: 'DCA', parse: v.optionalText },
    { element: 'DAR', parse: v.optionalText },
  ],
  restrictions: [
    { element: 'DCB', parse: v.optionalText },
    { element: 'DAS', parse: v.optionalText },
  ],
  endorsements: [
    { element: 'DCD', parse: v.optionalText },
    { element: 'DAT', parse: v.optionalText },
  ],
  organDonor: [
    { element: 'DDK', parse: v.oneMeansYes },
    { element: 'DBH', parse: v.donorFlag },
  ],
  veteran: [{ element: 'DDL', parse: v.oneMeansYes }],
  complianceType: [{ element: 'DDA', parse: v.complianceType }],
  limitedDuration: [{ element: 'DDD', parse: v.oneMeansYes }],
};

/** Elements every card of AAMVA 2009 (version 04) or later must carry. */
export const MANDATORY_SINCE_2009 = [
  'DCA',
  'DCB',
  'DCD',
  'DBA',
  'DCS',
  'DAC',
  'DAD',
  'DBD',
  'DBB',
  'DBC',
  'DAY',
  'DAU',
  'DAG',
  'DAI',
  'DAJ',
  'DAK',
  'DAQ',
  'DCF',
  'DCG',
  'DDE',
  'DDF',
  'DDG',
];

/** The core every version carries in some form: without these a payload is not usable. */
export const CORE_ELEMENTS = ['DAQ', 'DBB', 'DBA'];
