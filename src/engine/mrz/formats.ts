// The ICAO 9303 MRZ formats as data: where each field sits, what it may contain, and which check digit
// covers which characters. One generic parser (parse.ts) executes these tables; a new format is a new table.

export type MrzFormatName = 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB';

export type FieldKind =
  /** Document code: letters and '<'. */
  | 'code'
  /** Three-letter state or organisation code ('D<<' for Germany). */
  | 'state'
  /** Primary and secondary identifier: letters and '<'. */
  | 'name'
  /** Letters, digits and '<'. */
  | 'alnum'
  /** YYMMDD; '<' allowed for unknown parts. */
  | 'date'
  /** M, F, X or '<'. */
  | 'sex'
  /** A check digit: a digit, or '<' where the covered field may be empty. */
  | 'check';

export type FieldName =
  | 'documentCode'
  | 'issuingState'
  | 'names'
  | 'documentNumber'
  | 'documentNumberCheck'
  | 'nationality'
  | 'birthDate'
  | 'birthDateCheck'
  | 'sex'
  | 'expiryDate'
  | 'expiryDateCheck'
  | 'personalNumber'
  | 'personalNumberCheck'
  | 'optional1'
  | 'optional2'
  | 'compositeCheck';

export interface FieldSpec {
  readonly name: FieldName;
  readonly line: number;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly kind: FieldKind;
}

/** A span of one line, [start, end). */
export type Span = readonly [line: number, start: number, end: number];

export interface CheckSpec {
  readonly name: 'documentNumber' | 'birthDate' | 'expiryDate' | 'personalNumber' | 'composite';
  readonly covers: readonly Span[];
  readonly digit: readonly [line: number, column: number];
  /** '<' is a valid check digit when the covered text is all fillers. */
  readonly fillerAllowed?: boolean;
}

export interface FormatSpec {
  readonly name: MrzFormatName;
  readonly lineCount: number;
  readonly lineLength: number;
  /** Document codes this layout is used for (first character). */
  readonly codes: RegExp;
  readonly fields: readonly FieldSpec[];
  readonly checks: readonly CheckSpec[];
}

const f = (name: FieldName, line: number, start: number, end: number, kind: FieldKind): FieldSpec => ({
  name,
  line,
  start,
  end,
  kind,
});

const twoLineIdentity = (length: number): FieldSpec[] => [
  f('documentCode', 0, 0, 2, 'code'),
  f('issuingState', 0, 2, 5, 'state'),
  f('names', 0, 5, length, 'name'),
  f('documentNumber', 1, 0, 9, 'alnum'),
  f('documentNumberCheck', 1, 9, 10, 'check'),
  f('nationality', 1, 10, 13, 'state'),
  f('birthDate', 1, 13, 19, 'date'),
  f('birthDateCheck', 1, 19, 20, 'check'),
  f('sex', 1, 20, 21, 'sex'),
  f('expiryDate', 1, 21, 27, 'date'),
  f('expiryDateCheck', 1, 27, 28, 'check'),
];

const twoLineChecks: CheckSpec[] = [
  { name: 'documentNumber', covers: [[1, 0, 9]], digit: [1, 9] },
  { name: 'birthDate', covers: [[1, 13, 19]], digit: [1, 19] },
  { name: 'expiryDate', covers: [[1, 21, 27]], digit: [1, 27] },
];

export const td3: FormatSpec = {
  name: 'TD3',
  lineCount: 2,
  lineLength: 44,
  codes: /^[A-UW-Z]/,
  fields: [
    ...twoLineIdentity(44),
    f('personalNumber', 1, 28, 42, 'alnum'),
    f('personalNumberCheck', 1, 42, 43, 'check'),
    f('compositeCheck', 1, 43, 44, 'check'),
  ],
  checks: [
    ...twoLineChecks,
    { name: 'personalNumber', covers: [[1, 28, 42]], digit: [1, 42], fillerAllowed: true },
    {
      name: 'composite',
      covers: [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 43],
      ],
      digit: [1, 43],
    },
  ],
};

export const td2: FormatSpec = {
  name: 'TD2',
  lineCount: 2,
  lineLength: 36,
  codes: /^[A-UW-Z]/,
  fields: [
    ...twoLineIdentity(36),
    f('optional1', 1, 28, 35, 'alnum'),
    f('compositeCheck', 1, 35, 36, 'check'),
  ],
  checks: [
    ...twoLineChecks,
    {
      name: 'composite',
      covers: [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 35],
      ],
      digit: [1, 35],
    },
  ],
};

export const mrva: FormatSpec = {
  name: 'MRVA',
  lineCount: 2,
  lineLength: 44,
  codes: /^V/,
  fields: [...twoLineIdentity(44), f('optional1', 1, 28, 44, 'alnum')],
  checks: twoLineChecks,
};

export const mrvb: FormatSpec = {
  name: 'MRVB',
  lineCount: 2,
  lineLength: 36,
  codes: /^V/,
  fields: [...twoLineIdentity(36), f('optional1', 1, 28, 36, 'alnum')],
  checks: twoLineChecks,
};

export const td1: FormatSpec = {
  name: 'TD1',
  lineCount: 3,
  lineLength: 30,
  codes: /^[A-Z]/,
  fields: [
    f('documentCode', 0, 0, 2, 'code'),
    f('issuingState', 0, 2, 5, 'state'),
    f('documentNumber', 0, 5, 14, 'alnum'),
    f('documentNumberCheck', 0, 14, 15, 'check'),
    f('optional1', 0, 15, 30, 'alnum'),
    f('birthDate', 1, 0, 6, 'date'),
    f('birthDateCheck', 1, 6, 7, 'check'),
    f('sex', 1, 7, 8, 'sex'),
    f('expiryDate', 1, 8, 14, 'date'),
    f('expiryDateCheck', 1, 14, 15, 'check'),
    f('nationality', 1, 15, 18, 'state'),
    f('optional2', 1, 18, 29, 'alnum'),
    f('compositeCheck', 1, 29, 30, 'check'),
    f('names', 2, 0, 30, 'name'),
  ],
  checks: [
    { name: 'documentNumber', covers: [[0, 5, 14]], digit: [0, 14] },
    { name: 'birthDate', covers: [[1, 0, 6]], digit: [1, 6] },
    { name: 'expiryDate', covers: [[1, 8, 14]], digit: [1, 14] },
    {
      name: 'composite',
      covers: [
        [0, 5, 30],
        [1, 0, 7],
        [1, 8, 15],
        [1, 18, 29],
      ],
      digit: [1, 29],
    },
  ],
};

export const formats: readonly FormatSpec[] = [td1, td2, td3, mrva, mrvb];

/** The layout for lines of this shape, chosen by line count, length and document code. */
export function formatFor(lines: readonly string[]): FormatSpec | null {
  const length = lines[0]?.length ?? 0;
  const candidates = formats.filter(
    (spec) =>
      spec.lineCount === lines.length &&
      spec.lineLength === length &&
      lines.every((l) => l.length === length),
  );
  const code = lines[0] ?? '';
  return (
    candidates.find((spec) => spec.name.startsWith('MRV') && spec.codes.test(code)) ??
    candidates.find((spec) => !spec.name.startsWith('MRV') && spec.codes.test(code)) ??
    candidates[0] ??
    null
  );
}

/** Where each data field of a format sits ([line, start, end)), from its table; empty for a format not here. */
export function fieldSpans(format: string): Partial<Record<FieldName, Span>> {
  const spec = formats.find((candidate) => candidate.name === format);
  return Object.fromEntries(
    (spec?.fields ?? [])
      .filter((field) => field.kind !== 'check')
      .map((field) => [field.name, [field.line, field.start, field.end] as const]),
  );
}
