// The typed model of an AAMVA DL/ID barcode payload. Every field remembers the element it came from
// (e.g. 'DCS', or 'DAA' for a name split out of the AAMVA-2000 full-name element, or 'header'/'IIN'
// for values derived from the file header) and the raw text it was parsed from.

/** ISO 8601 calendar date, YYYY-MM-DD. */
export type IsoDate = string;

export interface Field<T> {
  value: T;
  /** Data element id the value came from ('DAQ', 'DBB', ...), or 'header' / 'IIN' for header-derived values. */
  element: string;
  /** The element's text as found in the payload (untrimmed). */
  raw: string;
}

export type AamvaStandard =
  | 'PRE_AAMVA2000'
  | 'AAMVA2000'
  | 'AAMVA2003'
  | 'AAMVA2005'
  | 'AAMVA2009'
  | 'AAMVA2010'
  | 'AAMVA2011'
  | 'AAMVA2012'
  | 'AAMVA2013'
  | 'AAMVA2016'
  | 'AAMVA2020';

export interface AamvaVersion {
  /** The two-digit version number of the header (0 = before DL/ID-2000, 1 = DL/ID-2000, ... 10 = 2020). */
  number: number;
  /** The standard that version number designates; null for numbers newer than this parser knows. */
  standard: AamvaStandard | null;
}

export type CountryCode = 'USA' | 'CAN' | 'MEX';

export interface Issuer {
  /** Six-digit Issuer Identification Number from the header. */
  iin: string;
  /** Jurisdiction abbreviation registered for the IIN (e.g. 'TN'), null when the IIN is not in our table. */
  jurisdiction: string | null;
  name: string | null;
  country: CountryCode | null;
}

export interface SubfileDesignator {
  /** 'DL', 'ID', or a jurisdiction subfile such as 'ZT'. */
  type: string;
  offset: number;
  length: number;
}

export interface AamvaElement {
  /** Three-character data element id, e.g. 'DCS' or 'ZTA'. */
  id: string;
  /** Raw element text after the id, separators removed but otherwise untouched. */
  value: string;
}

export type Sex = 'male' | 'female' | 'unspecified';
export type EyeColor =
  | 'black'
  | 'blue'
  | 'brown'
  | 'grey'
  | 'green'
  | 'hazel'
  | 'maroon'
  | 'pink'
  | 'dichromatic'
  | 'unknown';
export type HairColor = 'bald' | 'black' | 'blond' | 'brown' | 'grey' | 'red' | 'sandy' | 'white' | 'unknown';
export type Ethnicity =
  | 'alaskan_or_american_indian'
  | 'asian_or_pacific_islander'
  | 'black'
  | 'hispanic'
  | 'non_hispanic'
  | 'unknown'
  | 'white';
export type ComplianceType = 'fully_compliant' | 'materially_compliant' | 'non_compliant';

export interface Height {
  unit: 'in' | 'cm';
  /** Total inches or centimetres. */
  value: number;
}

export interface Weight {
  unit: 'lb' | 'kg';
  value: number;
}

export interface WeightRange {
  /** AAMVA weight range code 0-9. */
  code: number;
  minPounds: number;
  /** null for the open-ended top range. */
  maxPounds: number | null;
  minKilograms: number;
  maxKilograms: number | null;
}

export interface AamvaFields {
  lastName?: Field<string>;
  firstName?: Field<string>;
  middleName?: Field<string>;
  suffix?: Field<string>;
  prefix?: Field<string>;
  lastNameTruncated?: Field<boolean>;
  firstNameTruncated?: Field<boolean>;
  middleNameTruncated?: Field<boolean>;

  street1?: Field<string>;
  street2?: Field<string>;
  city?: Field<string>;
  jurisdictionCode?: Field<string>;
  postalCode?: Field<string>;
  country?: Field<CountryCode>;

  dateOfBirth?: Field<IsoDate>;
  placeOfBirth?: Field<string>;
  sex?: Field<Sex>;
  eyeColor?: Field<EyeColor>;
  hairColor?: Field<HairColor>;
  ethnicity?: Field<Ethnicity>;
  height?: Field<Height>;
  weight?: Field<Weight>;
  weightRange?: Field<WeightRange>;

  documentNumber?: Field<string>;
  documentDiscriminator?: Field<string>;
  inventoryControlNumber?: Field<string>;
  auditInformation?: Field<string>;
  issueDate?: Field<IsoDate>;
  expiryDate?: Field<IsoDate>;
  revisionDate?: Field<IsoDate>;
  hazmatExpiryDate?: Field<IsoDate>;
  under18Until?: Field<IsoDate>;
  under19Until?: Field<IsoDate>;
  under21Until?: Field<IsoDate>;

  vehicleClass?: Field<string>;
  restrictions?: Field<string>;
  endorsements?: Field<string>;
  organDonor?: Field<boolean>;
  veteran?: Field<boolean>;
  complianceType?: Field<ComplianceType>;
  /** DDD: the card is a limited-duration document (temporary lawful status). */
  limitedDuration?: Field<boolean>;
}

export type AamvaFieldName = keyof AamvaFields;

export type DocumentKind = 'driver_licence' | 'id_card' | 'unknown';

export interface AamvaDocument {
  version: AamvaVersion;
  jurisdictionVersion: number | null;
  issuer: Issuer;
  documentKind: DocumentKind;
  subfiles: SubfileDesignator[];
  fields: AamvaFields;
  /** Every standard data element (ids starting with 'D'), in payload order. */
  elements: AamvaElement[];
  /** Jurisdiction-specific elements (ids starting with 'Z'), in payload order. */
  jurisdictionElements: AamvaElement[];
  /** Pieces of the payload that are not data elements (trailing filler, garbage). */
  unparsed: string[];
  /** Non-fatal oddities: header quirks, unparseable values, missing mandatory elements, truncation. */
  warnings: string[];
  /** The payload looks cut short: the header declares more data than arrived, or it ends mid-element. */
  truncated: boolean;
}

export type AamvaErrorCode = 'EMPTY' | 'NOT_AAMVA' | 'TRUNCATED_HEADER' | 'NO_ELEMENTS';

export type AamvaParseResult =
  | { ok: true; document: AamvaDocument }
  | { ok: false; error: AamvaErrorCode; message: string };
