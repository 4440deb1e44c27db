// Codes allowed where an MRZ names a state or organisation: ISO 3166-1 alpha-3 plus the ICAO 9303 special
// codes (D for Germany, GBD/GBN/GBO/GBP/GBS, UNO/UNA/UNK, XXA/XXB/XXC/XXX, EUE, XOM, XPO, ...), as listed
// by the `mrz` package, and the fictional Utopia of the ICAO specimens.
import { states } from 'mrz';

const extra: Readonly<Record<string, string>> = {
  UTO: 'Utopia (ICAO 9303 specimen)',
};

export function stateName(code: string): string | null {
  const key = code.replace(/<+$/, '');
  return (states as Record<string, string>)[key] ?? extra[key] ?? null;
}

/** ICAO codes that are not ISO 3166-1 alpha-3 but name one ISO country (Germany's D, the British variants). */
const ICAO_TO_ISO: Readonly<Record<string, string>> = {
  D: 'DEU',
  GBD: 'GBR',
  GBN: 'GBR',
  GBO: 'GBR',
  GBP: 'GBR',
  GBS: 'GBR',
};

/** The ISO alpha-3 code an ICAO state code stands for, or the code itself when it has no ISO equivalent. */
export function isoOfIcaoState(code: string): string {
  return ICAO_TO_ISO[code] ?? code;
}

/** Whether `code` is an ICAO code naming an ISO country under another code (D, GBD, ...). */
export function isIcaoAliasOfIso(code: string): boolean {
  return code in ICAO_TO_ISO;
}
