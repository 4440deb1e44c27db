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
