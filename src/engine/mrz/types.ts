// What the MRZ parser reports. Values are as printed (fillers turned into spaces for names), dates also as
// ISO dates, and every change the parser made to the recognised text is listed with its reason.

export interface CharEvidence {
  readonly confidence: number;
  /** The recogniser's runner-up for this character, if any. */
  readonly alternative: string | null;
  readonly alternativeConfidence: number;
  /** Probability of the strongest few characters at this position (the recognised one included). */
  readonly candidates?: Readonly<Record<string, number>>;
}

export interface MrzRepair {
  readonly line: number;
  readonly column: number;
  readonly from: string;
  readonly to: string;
  /** 'field-type': the character cannot occur in that field; 'check-digit': only this reading validates. */
  readonly reason: 'field-type' | 'check-digit';
}

export interface MrzCheckResult {
  readonly name: 'documentNumber' | 'birthDate' | 'expiryDate' | 'personalNumber' | 'composite';
  readonly valid: boolean;
  /** The digit printed on the document. */
  readonly found: string;
  /** The digit computed from the covered characters. */
  readonly expected: string;
}

export interface MrzFields {
  readonly documentCode: string;
  readonly issuingState: string;
  readonly issuingStateName: string | null;
  readonly surname: string;
  readonly givenNames: string;
  readonly documentNumber: string;
  readonly nationality: string;
  readonly nationalityName: string | null;
  /** YYYY-MM-DD with inferred century, null when not a calendar date. */
  readonly birthDate: string | null;
  readonly birthDateRaw: string;
  readonly sex: 'M' | 'F' | 'X' | null;
  readonly expiryDate: string | null;
  readonly expiryDateRaw: string;
  readonly personalNumber?: string;
  readonly optional1?: string;
  readonly optional2?: string;
}

export interface MrzParseResult {
  readonly format: string;
  readonly lines: readonly string[];
  /** Every check digit verifies and every field is well-formed. */
  readonly valid: boolean;
  readonly fields: MrzFields;
  readonly checks: readonly MrzCheckResult[];
  readonly repairs: readonly MrzRepair[];
  /** Human-readable reasons for `valid: false` other than check digits (bad date, unknown state, ...). */
  readonly problems: readonly string[];
}
