// National number checksums: a value that verifies is "accepted" (argos.md §3). Each function takes the
// value as read (separators allowed) and says whether its check character is right.
import type { Checksum } from './types.js';

const digitsOnly = (value: string): string => value.replace(/[\s.\-/]/g, '');

function espDni(value: string): boolean {
  const v = digitsOnly(value).toUpperCase();
  const m = /^([XYZ]?)([0-9]{7,8})([A-Z])$/.exec(v);
  if (!m) return false;
  const prefix = m[1] ? String('XYZ'.indexOf(m[1])) : '';
  const n = Number(prefix + m[2]);
  return 'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23] === m[3];
}

function chnResidentId(value: string): boolean {
  const v = digitsOnly(value).toUpperCase();
  if (!/^[0-9]{17}[0-9X]$/.test(v)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(v[i]), 0);
  return '10X98765432'[sum % 11] === v[17];
}

function korRrn(value: string): boolean {
  const v = digitsOnly(value);
  if (!/^[0-9]{13}$/.test(v)) return false;
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = weights.reduce((s, w, i) => s + w * Number(v[i]), 0);
  return (11 - (sum % 11)) % 10 === Number(v[12]);
}

/** Values of characters in odd positions (1st, 3rd, ...); a digit counts as the letter at its index. */
const cfOddValues = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

function cfIndex(c: string): number {
  return /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
}

function itaCodiceFiscale(value: string): boolean {
  const v = digitsOnly(value).toUpperCase();
  if (!/^[A-Z0-9]{15}[A-Z]$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = v[i]!;
    sum += i % 2 === 0 ? cfOddValues[cfIndex(c)]! : cfIndex(c);
  }
  return String.fromCharCode(65 + (sum % 26)) === v[15];
}

function mexCurp(value: string): boolean {
  const v = digitsOnly(value).toUpperCase();
  if (!/^[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[A-Z0-9][0-9]$/.test(v)) return false;
  const alphabet = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(v[i]!) * (18 - i);
  return (10 - (sum % 10)) % 10 === Number(v[17]);
}

function braCpf(value: string): boolean {
  const v = digitsOnly(value);
  if (!/^[0-9]{11}$/.test(v) || /^(\d)\1{10}$/.test(v)) return false;
  const digit = (length: number): number => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += Number(v[i]) * (length + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return digit(9) === Number(v[9]) && digit(10) === Number(v[10]);
}

/** ICAO 9303 check digit over a value that ends with its own check digit. */
function icao(value: string): boolean {
  const v = digitsOnly(value).toUpperCase();
  if (v.length < 2) return false;
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < v.length - 1; i++) {
    const c = v[i]!;
    const n = c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += n * weights[i % 3]!;
  }
  return String(sum % 10) === v[v.length - 1];
}

const checks: Readonly<Record<Checksum, (value: string) => boolean>> = {
  'esp-dni': espDni,
  'chn-resident-id': chnResidentId,
  'kor-rrn': korRrn,
  'ita-codice-fiscale': itaCodiceFiscale,
  'mex-curp': mexCurp,
  'bra-cpf': braCpf,
  'icao-9303': icao,
};

export function verifyChecksum(kind: Checksum, value: string): boolean {
  return checks[kind](value);
}
