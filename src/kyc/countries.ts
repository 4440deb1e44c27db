import { isoOfIcaoState } from '../engine/mrz/states.js';

// ISO 3166-1 alpha-3 (argos.md §1.7), plus XKX (Kosovo) and UTO (the ICAO specimen state), which the API
// accepts so that integrators can test with specimen documents.

const ISO_ALPHA3 =
  'ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM ' +
  'BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR ' +
  'CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB ' +
  'GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA ' +
  'JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA ' +
  'MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR ' +
  'NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS ' +
  'SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON ' +
  'TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE';

const accepted = new Set([...ISO_ALPHA3.split(' '), 'XKX', 'UTO']);

/** ICAO codes that pass through unchanged in nationality fields. */
const ICAO_NATIONALITY = new Set(['UNO', 'UNA', 'UNK', 'XXA', 'XXB', 'XXC', 'XXX']);

/** The upper-case code when `input` is an accepted alpha-3 code (case-insensitive), else undefined. */
export function countryCode(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const code = input.trim().toUpperCase();
  return accepted.has(code) ? code : undefined;
}

/** An issuing state read from an MRZ, as the ISO code the API speaks. */
export function issuerFromMrz(code: string): string | undefined {
  const clean = code.replace(/<+$/, '').toUpperCase();
  return countryCode(isoOfIcaoState(clean));
}

/** A nationality read from an MRZ: ISO codes, `D` as DEU, and the ICAO specials unchanged. */
export function nationalityFromMrz(code: string): string | undefined {
  const clean = code.replace(/<+$/, '').toUpperCase();
  if (ICAO_NATIONALITY.has(clean)) return clean;
  return countryCode(isoOfIcaoState(clean));
}

export const COUNTRY_COUNT = accepted.size;
