// The generic MRZ parser: runs a format table (formats.ts) over recognised lines, repairs only what the
// field types or the check digits prove, computes every check digit and returns typed field values.
import { checkDigit } from './check-digit.js';
import { alnumSwaps, digitToLetter, letterToDigit } from './confusions.js';
import { birthDate, expiryDate } from './dates.js';
import {
  type CheckSpec,
  type FieldKind,
  type FieldName,
  type FormatSpec,
  formatFor,
  type Span,
} from './formats.js';
import { parseNationalMrz } from './national.js';
import { stateName } from './states.js';
import type { CharEvidence, MrzCheckResult, MrzFields, MrzParseResult, MrzRepair } from './types.js';

export interface ParseOptions {
  /** Per-character recognition evidence, same shape as the lines; enables check-digit repairs. */
  readonly evidence?: readonly (readonly CharEvidence[])[];
  /** Reference date for century inference (default: now). */
  readonly today?: Date;
}

const maxRepairsPerCheck = 3;

export function parseMrz(input: readonly string[], options: ParseOptions = {}): MrzParseResult | null {
  const lines = input.map((line) => line.replace(/\s+/g, '').toUpperCase());
  const parsed = parseLines(lines, options);
  if (!parsed || parsed.valid) return parsed;
  // The document code's first letter chooses the layout (a visa's second line has no composite check), so
  // a misread one (V as N) fails checks that are not wrong. ICAO 9303 codes start with P, I, A, C or V;
  // another letter the recogniser also saw there is taken only when the zone then verifies.
  const first = lines[0]?.[0];
  if (first === undefined || documentTypes.includes(first)) return parsed;
  const seen = options.evidence?.[0]?.[0]?.candidates ?? {};
  const alternative = Object.entries(seen)
    .filter(([char, p]) => documentTypes.includes(char) && p >= 0.01)
    .sort((a, b) => b[1] - a[1])[0];
  if (!alternative) return parsed;
  const retried = parseLines([`${alternative[0]}${lines[0]!.slice(1)}`, ...lines.slice(1)], options);
  if (!retried?.valid) return parsed;
  const repair: MrzRepair = { line: 0, column: 0, from: first, to: alternative[0], reason: 'field-type' };
  return { ...retried, repairs: [repair, ...retried.repairs] };
}

/** First letters of the ICAO 9303 document codes: passports, identity cards, visas. */
const documentTypes = 'PIACV';

function parseLines(lines: readonly string[], options: ParseOptions): MrzParseResult | null {
  // The French national ID shares the 2 x 36 shape of TD2 (recognised as the mrz package does).
  const frenchId =
    lines.length === 2 &&
    lines[0]!.length === 36 &&
    (/^IDFRA/.test(lines[0]!) || /\d/.test(lines[0]!.slice(30, 35)));
  const spec = frenchId ? null : formatFor(lines);
  if (!spec) return parseNationalMrz(lines);
  const grid = lines.map((line) => [...line]);
  const repairs: MrzRepair[] = [];
  repairByFieldType(spec, grid, repairs);
  repairNameFillers(spec, grid, repairs, options.evidence);
  const checks = spec.checks.map((check) => evaluate(check, grid));
  repairByCheckDigits(spec, grid, checks, options.evidence, repairs);
  const fixed = grid.map((chars) => chars.join(''));
  const results = spec.checks.map((check) => evaluate(check, grid));
  const today = options.today ?? new Date();
  const { fields, problems } = readFields(spec, fixed, today);
  const valid = results.every((r) => r.valid) && problems.length === 0;
  return { format: spec.name, lines: fixed, valid, fields, checks: results, repairs, problems };
}

function field(spec: FormatSpec, lines: readonly string[], name: FieldName): string | undefined {
  const def = spec.fields.find((f) => f.name === name);
  return def ? lines[def.line]!.slice(def.start, def.end) : undefined;
}

function readFields(
  spec: FormatSpec,
  lines: readonly string[],
  today: Date,
): { fields: MrzFields; problems: string[] } {
  const problems: string[] = [];
  const get = (name: FieldName): string => field(spec, lines, name) ?? '';
  const clean = (value: string): string => value.replace(/<+$/, '').replace(/</g, ' ').trim();
  const [surnamePart = '', ...givenParts] = get('names').split('<<');
  let documentNumber = get('documentNumber').replace(/<+$/, '');
  let optional1 = field(spec, lines, 'optional1');
  // TD1/TD2 documents with numbers longer than nine characters continue them in the optional field.
  if (get('documentNumberCheck') === '<' && optional1 !== undefined) {
    const match = /^([A-Z0-9]*?)(\d)</.exec(`${optional1}<`);
    if (match) {
      documentNumber = documentNumber + match[1];
      optional1 = optional1.slice(match[0].length - 1);
    }
  }
  const code = get('documentCode');
  if (!/^[A-Z][A-Z<]$/.test(code)) problems.push(`document code "${code}" is not valid`);
  const issuingState = get('issuingState');
  const nationality = get('nationality');
  const issuingStateName = stateName(issuingState);
  const nationalityName = stateName(nationality);
  if (!issuingStateName) problems.push(`issuing state "${issuingState}" is not a known code`);
  if (!nationalityName && nationality !== '<<<')
    problems.push(`nationality "${nationality}" is not a known code`);
  const sexRaw = get('sex');
  if (!/^[MFX<]$/.test(sexRaw)) problems.push(`sex "${sexRaw}" is not M, F, X or <`);
  const birth = birthDate(get('birthDate'), today);
  const expiry = expiryDate(get('expiryDate'), today);
  if (!/^[0-9<]{6}$/.test(birth.raw) || (/^\d{6}$/.test(birth.raw) && !birth.iso)) {
    problems.push(`birth date "${birth.raw}" is not a date`);
  }
  if (!expiry.iso) problems.push(`expiry date "${expiry.raw}" is not a date`);
  for (const def of spec.fields) {
    const value = lines[def.line]!.slice(def.start, def.end);
    if (!allowed(def.kind).test(value))
      problems.push(`${def.name} "${value}" has characters not allowed there`);
  }
  const fields: MrzFields = {
    documentCode: code.replace(/<+$/, ''),
    issuingState: issuingState.replace(/<+$/, ''),
    issuingStateName,
    surname: clean(surnamePart),
    givenNames: clean(givenParts.join('<<')),
    documentNumber,
    nationality: nationality.replace(/<+$/, ''),
    nationalityName,
    birthDate: birth.iso,
    birthDateRaw: birth.raw,
    sex: sexRaw === 'M' || sexRaw === 'F' || sexRaw === 'X' ? sexRaw : null,
    expiryDate: expiry.iso,
    expiryDateRaw: expiry.raw,
    ...optionalFields(spec, lines, optional1),
  };
  return { fields, problems: [...new Set(problems)] };
}

function optionalFields(
  spec: FormatSpec,
  lines: readonly string[],
  optional1: string | undefined,
): Pick<MrzFields, 'personalNumber' | 'optional1' | 'optional2'> {
  const out: { personalNumber?: string; optional1?: string; optional2?: string } = {};
  const trim = (v: string): string => v.replace(/<+$/, '').replace(/^<+/, '');
  const personal = field(spec, lines, 'personalNumber');
  if (personal !== undefined) out.personalNumber = trim(personal);
  if (optional1 !== undefined) out.optional1 = trim(optional1);
  const optional2 = field(spec, lines, 'optional2');
  if (optional2 !== undefined) out.optional2 = trim(optional2);
  return out;
}

function allowed(kind: FieldKind): RegExp {
  switch (kind) {
    case 'code':
      return /^[A-Z][A-Z<]*$/;
    case 'state':
      return /^[A-Z][A-Z<]{2}$/;
    case 'name':
      return /^[A-Z<]*$/;
    case 'alnum':
      return /^[A-Z0-9<]*$/;
    case 'date':
      return /^[0-9<]{6}$/;
    case 'sex':
      return /^[MFX<]$/;
    case 'check':
      return /^[0-9<]$/;
  }
}

/** Characters that cannot occur in a field's kind are moved to their look-alike of the right kind. */
function repairByFieldType(spec: FormatSpec, grid: string[][], repairs: MrzRepair[]): void {
  for (const def of spec.fields) {
    const table =
      def.kind === 'date' || def.kind === 'check'
        ? letterToDigit
        : lettersOnly(def.kind)
          ? digitToLetter
          : null;
    if (!table) continue;
    for (let column = def.start; column < def.end; column++) {
      const from = grid[def.line]![column]!;
      const to = table[from];
      if (to !== undefined) {
        grid[def.line]![column] = to;
        repairs.push({ line: def.line, column, from, to, reason: 'field-type' });
      }
    }
  }
}

/**
 * The name field ends in fillers. Letters inside that filler territory are misread fillers: four or more
 * of one letter in a row (no name has them), and stray letters after a run of three fillers (names never
 * resume after one).
 */
function repairNameFillers(
  spec: FormatSpec,
  grid: string[][],
  repairs: MrzRepair[],
  evidence: ParseOptions['evidence'],
): void {
  for (const def of spec.fields) {
    if (def.kind !== 'name') continue;
    const row = grid[def.line]!;
    // "<<<" followed by a name part: three fillers never separate names, so the last of them is a letter
    // the recogniser took for a filler (typically K, whose left half is a '<'); taken only when the
    // recogniser also saw a letter there.
    for (let column = def.start + 3; column < def.end - 3; column++) {
      if (row[column - 1] !== '<' || row[column - 2] !== '<' || row[column - 3] !== '<') continue;
      if (!/^[A-Z]{3}$/.test(row.slice(column, column + 3).join(''))) continue;
      if (column - 4 >= def.start && row[column - 4] === '<') continue;
      const seen = evidence?.[def.line]?.[column - 1]?.candidates ?? {};
      const letter = Object.entries(seen)
        .filter(([char, p]) => /[A-Z]/.test(char) && p >= 0.01)
        .sort((a, b) => b[1] - a[1])[0];
      if (letter) {
        repairs.push({ line: def.line, column: column - 1, from: '<', to: letter[0], reason: 'field-type' });
        row[column - 1] = letter[0];
      }
    }
    const set = (column: number): void => {
      if (row[column] === '<') return;
      repairs.push({ line: def.line, column, from: row[column]!, to: '<', reason: 'field-type' });
      row[column] = '<';
    };
    for (let start = def.start; start < def.end; ) {
      let end = start + 1;
      while (end < def.end && row[end] === row[start]) end++;
      if (row[start] !== '<' && end - start >= 4) for (let c = start; c < end; c++) set(c);
      start = end;
    }
    // Groups of up to three letters after three fillers (longer groups may be a real name part whose
    // first letter was misread as a filler, so they stay), any group after four or more (two letters in
    // a row misread as fillers besides the "<<" separator is beyond the recogniser's habits), and of up to
    // two letters after a second double filler (the name field has one "<<", between primary and
    // secondary identifier).
    let fillers = 0;
    let doubles = 0;
    for (let column = def.start; column < def.end; ) {
      if (row[column] === '<') {
        fillers++;
        if (fillers === 2) doubles++;
        column++;
        continue;
      }
      let end = column;
      while (end < def.end && row[end] !== '<') end++;
      if (fillers >= 4 || (fillers >= 3 && end - column <= 3)) for (let c = column; c < end; c++) set(c);
      else if (doubles >= 2 && fillers >= 2 && end - column <= 2) for (let c = column; c < end; c++) set(c);
      else fillers = 0;
      column = end;
    }
  }
}

function lettersOnly(kind: FieldKind): boolean {
  return kind === 'code' || kind === 'state' || kind === 'name' || kind === 'sex';
}

function covered(check: CheckSpec, grid: readonly string[][]): string {
  return check.covers.map(([line, start, end]) => grid[line]!.slice(start, end).join('')).join('');
}

function evaluate(check: CheckSpec, grid: readonly string[][]): MrzCheckResult {
  const text = covered(check, grid);
  const found = grid[check.digit[0]]![check.digit[1]]!;
  const expected = checkDigit(text);
  const valid = found === expected || (check.fillerAllowed === true && found === '<' && /^<*$/.test(text));
  return { name: check.name, valid, found, expected };
}

/**
 * For each failing check, the most probable reading of the unsure characters it covers (look-alike
 * substitutions only, at most three) that makes it verify, by the recogniser's own probabilities. It is
 * applied only when every substitution was at least 1/50 as likely as what was read and the winner is
 * clearly ahead of the runner-up; a confidently printed wrong digit is therefore never "fixed". The
 * composite check may only touch characters that no passing individual check covers.
 */
function repairByCheckDigits(
  spec: FormatSpec,
  grid: string[][],
  initial: readonly MrzCheckResult[],
  evidence: ParseOptions['evidence'],
  repairs: MrzRepair[],
): void {
  if (!evidence) return;
  const locked = new Set<string>();
  spec.checks.forEach((check, i) => {
    if (check.name !== 'composite' && initial[i]!.valid) lockSpans(check.covers, locked);
  });
  for (const check of spec.checks) {
    if (evaluate(check, grid).valid) continue;
    const positions = candidatePositions(spec, check, grid, evidence, locked);
    const solution = mostLikelyFix(check, grid, positions);
    if (!solution) continue;
    for (const { line, column, to } of solution) {
      const from = grid[line]![column]!;
      grid[line]![column] = to;
      repairs.push({ line, column, from, to, reason: 'check-digit' });
    }
    if (check.name !== 'composite') lockSpans(check.covers, locked);
  }
}

function lockSpans(spans: readonly Span[], locked: Set<string>): void {
  for (const [line, start, end] of spans) for (let c = start; c < end; c++) locked.add(`${line}:${c}`);
}

interface Substitution {
  readonly line: number;
  readonly column: number;
  readonly to: string;
  /** log(p(to) / p(read)) */
  readonly cost: number;
}

const maxRatio = Math.log(1 / 50);

function candidatePositions(
  spec: FormatSpec,
  check: CheckSpec,
  grid: readonly string[][],
  evidence: NonNullable<ParseOptions['evidence']>,
  locked: ReadonlySet<string>,
): Substitution[][] {
  const positions: Substitution[][] = [];
  for (const [line, start, end] of check.covers) {
    for (let column = start; column < end; column++) {
      if (locked.has(`${line}:${column}`)) continue;
      const kind = spec.fields.find((f) => f.line === line && column >= f.start && column < f.end)?.kind;
      if (kind !== 'alnum') continue;
      const char = grid[line]![column]!;
      const seen = evidence[line]?.[column];
      if (!seen) continue;
      const probability = (c: string): number =>
        Math.max(1e-4, seen.candidates?.[c] ?? (seen.alternative === c ? seen.alternativeConfidence : 0));
      const read = Math.max(1e-4, seen.candidates?.[char] ?? seen.confidence);
      const options = (alnumSwaps[char] ?? [])
        .map((to) => ({ line, column, to, cost: Math.log(probability(to) / read) }))
        .filter((option) => option.cost >= maxRatio);
      if (options.length > 0) positions.push(options);
    }
  }
  // The check digit itself may take another digit the recogniser also saw there (6/9, 8/3, or a digit
  // read as '<' at the end of a field).
  const [line, column] = check.digit;
  const digitSeen = evidence[line]?.[column];
  const printed = grid[line]![column]!;
  if (digitSeen && !locked.has(`${line}:${column}`)) {
    const read = Math.max(1e-4, digitSeen.candidates?.[printed] ?? digitSeen.confidence);
    const options = Object.entries(digitSeen.candidates ?? {})
      .filter(([char]) => /\d/.test(char) && char !== printed)
      .map(([to, p]) => ({ line, column, to, cost: Math.log(Math.max(1e-4, p) / read) }))
      .filter((option) => option.cost >= maxRatio);
    if (options.length > 0) positions.push(options);
  }
  return positions;
}

function mostLikelyFix(
  check: CheckSpec,
  grid: string[][],
  positions: Substitution[][],
): Substitution[] | null {
  if (positions.length > 16) return null;
  const found: { subs: Substitution[]; score: number }[] = [];
  const pick = (from: number, chosen: Substitution[]): void => {
    if (chosen.length > 0) {
      const saved = chosen.map((s) => grid[s.line]![s.column]!);
      for (const s of chosen) grid[s.line]![s.column] = s.to;
      if (evaluate(check, grid).valid)
        found.push({ subs: [...chosen], score: chosen.reduce((t, s) => t + s.cost, 0) });
      chosen.forEach((s, i) => {
        grid[s.line]![s.column] = saved[i]!;
      });
    }
    if (chosen.length === maxRepairsPerCheck) return;
    for (let p = from; p < positions.length; p++) {
      for (const option of positions[p]!) pick(p + 1, [...chosen, option]);
    }
  };
  pick(0, []);
  if (found.length === 0) return null;
  found.sort((a, b) => b.score - a.score);
  const [best, second] = found;
  if (second && best!.score - second.score < Math.log(3)) return null;
  return best!.subs;
}
