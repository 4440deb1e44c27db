import type { CountryCode } from './types.js';

// Issuer Identification Numbers as registered with AAMVA (public IIN list), with the jurisdiction
// abbreviation and country each designates.
interface IinEntry {
  jurisdiction: string | null;
  name: string;
  country: CountryCode;
}

const IIN_TABLE: Record<string, IinEntry> = {
  '604426': { jurisdiction: 'PE', name: 'Prince Edward Island', country: 'CAN' },
  '604427': { jurisdiction: 'AS', name: 'American Samoa', country: 'USA' },
  '604428': { jurisdiction: 'QC', name: 'Quebec', country: 'CAN' },
  '604429': { jurisdiction: 'YT', name: 'Yukon', country: 'CAN' },
  '604430': { jurisdiction: 'MP', name: 'Northern Mariana Islands', country: 'USA' },
  '604431': { jurisdiction: 'PR', name: 'Puerto Rico', country: 'USA' },
  '604432': { jurisdiction: 'AB', name: 'Alberta', country: 'CAN' },
  '604433': { jurisdiction: 'NU', name: 'Nunavut', country: 'CAN' },
  '604434': { jurisdiction: 'NT', name: 'Northwest Territories', country: 'CAN' },
  '636000': { jurisdiction: 'VA', name: 'Virginia', country: 'USA' },
  '636001': { jurisdiction: 'NY', name: 'New York', country: 'USA' },
  '636002': { jurisdiction: 'MA', name: 'Massachusetts', country: 'USA' },
  '636003': { jurisdiction: 'MD', name: 'Maryland', country: 'USA' },
  '636004': { jurisdiction: 'NC', name: 'North Carolina', country: 'USA' },
  '636005': { jurisdiction: 'SC', name: 'South Carolina', country: 'USA' },
  '636006': { jurisdiction: 'CT', name: 'Connecticut', country: 'USA' },
  '636007': { jurisdiction: 'LA', name: 'Louisiana', country: 'USA' },
  '636008': { jurisdiction: 'MT', name: 'Montana', country: 'USA' },
  '636009': { jurisdiction: 'NM', name: 'New Mexico', country: 'USA' },
  '636010': { jurisdiction: 'FL', name: 'Florida', country: 'USA' },
  '636011': { jurisdiction: 'DE', name: 'Delaware', country: 'USA' },
  '636012': { jurisdiction: 'ON', name: 'Ontario', country: 'CAN' },
  '636013': { jurisdiction: 'NS', name: 'Nova Scotia', country: 'CAN' },
  '636014': { jurisdiction: 'CA', name: 'California', country: 'USA' },
  '636015': { jurisdiction: 'TX', name: 'Texas', country: 'USA' },
  '636016': { jurisdiction: 'NL', name: 'Newfoundland and Labrador', country: 'CAN' },
  '636017': { jurisdiction: 'NB', name: 'New Brunswick', country: 'CAN' },
  '636018': { jurisdiction: 'IA', name: 'Iowa', country: 'USA' },
  '636019': { jurisdiction: 'GU', name: 'Guam', country: 'USA' },
  '636020': { jurisdiction: 'CO', name: 'Colorado', country: 'USA' },
  '636021': { jurisdiction: 'AR', name: 'Arkansas', country: 'USA' },
  '636022': { jurisdiction: 'KS', name: 'Kansas', country: 'USA' },
  '636023': { jurisdiction: 'OH', name: 'Ohio', country: 'USA' },
  '636024': { jurisdiction: 'VT', name: 'Vermont', country: 'USA' },
  '636025': { jurisdiction: 'PA', name: 'Pennsylvania', country: 'USA' },
  '636026': { jurisdiction: 'AZ', name: 'Arizona', country: 'USA' },
  '636027': { jurisdiction: null, name: 'US Department of State', country: 'USA' },
  '636028': { jurisdiction: 'BC', name: 'British Columbia', country: 'CAN' },
  '636029': { jurisdiction: 'OR', name: 'Oregon', country: 'USA' },
  '636030': { jurisdiction: 'MO', name: 'Missouri', country: 'USA' },
  '636031': { jurisdiction: 'WI', name: 'Wisconsin', country: 'USA' },
  '636032': { jurisdiction: 'MI', name: 'Michigan', country: 'USA' },
  '636033': { jurisdiction: 'AL', name: 'Alabama', country: 'USA' },
  '636034': { jurisdiction: 'ND', name: 'North Dakota', country: 'USA' },
  '636035': { jurisdiction: 'IL', name: 'Illinois', country: 'USA' },
  '636036': { jurisdiction: 'NJ', name: 'New Jersey', country: 'USA' },
  '636037': { jurisdiction: 'IN', name: 'Indiana', country: 'USA' },
  '636038': { jurisdiction: 'MN', name: 'Minnesota', country: 'USA' },
  '636039': { jurisdiction: 'NH', name: 'New Hampshire', country: 'USA' },
  '636040': { jurisdiction: 'UT', name: 'Utah', country: 'USA' },
  '636041': { jurisdiction: 'ME', name: 'Maine', country: 'USA' },
  '636042': { jurisdiction: 'SD', name: 'South Dakota', country: 'USA' },
  '636043': { jurisdiction: 'DC', name: 'District of Columbia', country: 'USA' },
  '636044': { jurisdiction: 'SK', name: 'Saskatchewan', country: 'CAN' },
  '636045': { jurisdiction: 'WA', name: 'Washington', country: 'USA' },
  '636046': { jurisdiction: 'KY', name: 'Kentucky', country: 'USA' },
  '636047': { jurisdiction: 'HI', name: 'Hawaii', country: 'USA' },
  '636048': { jurisdiction: 'MB', name: 'Manitoba', country: 'CAN' },
  '636049': { jurisdiction: 'NV', name: 'Nevada', country: 'USA' },
  '636050': { jurisdiction: 'ID', name: 'Idaho', country: 'USA' },
  '636051': { jurisdiction: 'MS', name: 'Mississippi', country: 'USA' },
  '636052': { jurisdiction: 'RI', name: 'Rhode Island', country: 'USA' },
  '636053': { jurisdiction: 'TN', name: 'Tennessee', country: 'USA' },
  '636054': { jurisdiction: 'NE', name: 'Nebraska', country: 'USA' },
  '636055': { jurisdiction: 'GA', name: 'Georgia', country: 'USA' },
  '636056': { jurisdiction: 'COA', name: 'Coahuila', country: 'MEX' },
  '636057': { jurisdiction: 'HID', name: 'Hidalgo', country: 'MEX' },
  '636058': { jurisdiction: 'OK', name: 'Oklahoma', country: 'USA' },
  '636059': { jurisdiction: 'AK', name: 'Alaska', country: 'USA' },
  '636060': { jurisdiction: 'WY', name: 'Wyoming', country: 'USA' },
  '636061': { jurisdiction: 'WV', name: 'West Virginia', country: 'USA' },
  '636062': { jurisdiction: 'VI', name: 'US Virgin Islands', country: 'USA' },
  // Older Alberta cards carry this non-ISO number instead of 604432.
  '990876': { jurisdiction: 'AB', name: 'Alberta', country: 'CAN' },
};

export function lookupIin(iin: string): IinEntry | null {
  return IIN_TABLE[iin] ?? null;
}

const CANADIAN_JURISDICTIONS = new Set([
  'AB',
  'BC',
  'MB',
  'NB',
  'NL',
  'NS',
  'NT',
  'NU',
  'ON',
  'PE',
  'QC',
  'SK',
  'YT',
]);
const MEXICAN_JURISDICTIONS = new Set(['COA', 'HID']);

/** Country of a jurisdiction abbreviation; null when the abbreviation is not a known one. */
export function countryOfJurisdiction(code: string): CountryCode | null {
  if (CANADIAN_JURISDICTIONS.has(code)) return 'CAN';
  if (MEXICAN_JURISDICTIONS.has(code)) return 'MEX';
  if (/^[A-Z]{2}$/.test(code) && Object.values(IIN_TABLE).some((e) => e.jurisdiction === code)) return 'USA';
  return null;
}
