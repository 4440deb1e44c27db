// A document model is data: what a document of one country and type prints where, in which words, and
// which side carries its machine-readable data. One engine (classify.ts, ../viz/extract.ts) reads every
// model; adding a document is adding an entry to a table under ./models.

export const ID_TYPES = [
  'passport',
  'government_id',
  'drivers_license',
  'residence_permit',
  'vehicle_registration_certificate',
  'visa',
  'aadhaar',
  'pancard',
] as const;
export type IdType = (typeof ID_TYPES)[number];

export type Side = 'front' | 'back';

/** The engine's field vocabulary (the HTTP edge maps it to vendor names). */
export const FIELD_NAMES = [
  'fullName',
  'surname',
  'givenNames',
  'middleName',
  'nameHan',
  'sex',
  'nationality',
  'birthDate',
  'placeOfBirth',
  'documentNumber',
  'personalNumber',
  'issueDate',
  'expiryDate',
  'address',
  'authority',
  'version',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** How a printed value is read and normalised. */
export type ValueKind = 'name' | 'date' | 'sex' | 'nationality' | 'number' | 'text' | 'address';

/** Order of day, month and year in numeric dates. */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';

/** A box on the upright document side, as shares of its width and height: [left, top, right, bottom]. */
export type Region = readonly [number, number, number, number];

/**
 * A script the page recogniser (PP-OCR, Latin and Han) cannot read; a field printed in it is read by that
 * script's own line reader (Hangul: ../ocr/hangul-reader.ts).
 */
export type Script = 'hangul';

/** National checksums a value can be verified with (see ./checksums.ts). */
export type Checksum =
  | 'esp-dni'
  | 'chn-resident-id'
  | 'kor-rrn'
  | 'ita-codice-fiscale'
  | 'mex-curp'
  | 'bra-cpf'
  | 'icao-9303';

export interface FieldModel {
  readonly field: FieldName;
  readonly side: Side;
  readonly kind: ValueKind;
  /** Printed captions, in every language the document uses; numbers of numbered layouts ("4a") included. */
  readonly labels: readonly string[];
  /** Where the value lies (a layout hint; labels win when they are found). */
  readonly region?: Region;
  /** The cleaned value must match this (a regular-expression source, anchored). */
  readonly pattern?: string;
  readonly checksum?: Checksum;
  /** Numeric date order when it differs from the document's. */
  readonly dateOrder?: DateOrder;
  /** Lines the value may span (addresses); default 1. */
  readonly lines?: number;
  /** Codes for sex when the document uses its own (e.g. H/M in Spanish). */
  readonly sexCodes?: Readonly<Record<string, 'M' | 'F' | 'X'>>;
  /** The same printed line also carries another field after this one (e.g. "12.08.1983 BERLIN"). */
  readonly followedBy?: FieldName;
  /** Printed in a script the page recogniser cannot read (Korean names and addresses). */
  readonly script?: Script;
}

/** Keys of argos.md §4.2 `document_fields`. */
export const DOCUMENT_FIELD_KEYS = [
  'name',
  'birthDate',
  'gender',
  'nationality',
  'issueDate',
  'expireDate',
  'documentNumber',
  'identityNumber',
  'idNumber',
  'number',
  'serialNumber',
] as const;
export type DocumentFieldKey = (typeof DOCUMENT_FIELD_KEYS)[number];
export type DocumentFields = Readonly<Record<DocumentFieldKey, boolean>>;

export type PhysicalSize = 'ID1' | 'ID2' | 'ID3';

export interface DocumentModel {
  /** Stable id, e.g. "DEU.government_id.2010". */
  readonly id: string;
  /** ISO 3166-1 alpha-3 of the issuer; '*' for generic models (any country). */
  readonly country: string;
  readonly idType: IdType;
  /** Human-readable description with its year of introduction. */
  readonly description: string;
  readonly size: PhysicalSize;
  readonly languages: readonly string[];
  readonly sides: readonly Side[];
  /** Words printed on the document that name it (title, issuer), per side. */
  readonly keywords: Readonly<Partial<Record<Side, readonly string[]>>>;
  /**
   * Printed text of a side that is neither a title nor a field: table headings, row labels and notices
   * (e.g. the category table on the back of an EU licence). Rows top to bottom, cells left to right. The
   * renderer prints them; the classifier and the back's recognition count their words (cells of two or
   * more characters that are not bare numbers) as the side's captions. They carry no holder data.
   */
  readonly printed?: Readonly<Partial<Record<Side, readonly (readonly string[])[]>>>;
  readonly mrz?: {
    readonly side: Side;
    readonly format: 'TD1' | 'TD2' | 'TD3';
    /** Accepted document codes (the MRZ's first characters, fillers removed), e.g. ['ID', 'I']. */
    readonly codes: readonly string[];
  };
  readonly barcode?: { readonly side: Side; readonly content: 'AAMVA' };
  readonly dateOrder: DateOrder;
  readonly fields: readonly FieldModel[];
  /** Fields of §4.2 `document_fields` that are true; every other key is false. */
  readonly carries: readonly DocumentFieldKey[];
}
