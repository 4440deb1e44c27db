import {
  DOCUMENT_FIELD_KEYS,
  type DocumentFieldKey,
  ID_TYPES,
  type IdType,
} from '../engine/documents/types.js';
import { countryCode } from './countries.js';
import { LiveformError } from './liveform-errors.js';
import type { ProjectSettings } from './project-settings.js';
import { TOKEN_ID_PATTERN } from './tokens.js';

// The Liveform URL parameters of argos.md §14.2 and checks 3-7 of §14.3, as pure functions: plain query and
// decrypted `encrypted` object in, the session's parameters out (or the LiveformError of the first failed check).

/** Document types and `document_fields` keys: the engine's lists, shared with the submissions domain. */
export { DOCUMENT_FIELD_KEYS, type DocumentFieldKey, ID_TYPES, type IdType };

export const SUPPORTED_LANGUAGES = ['en', 'ko', 'es'] as const;
export type LiveformLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** Parameters a URL may carry in plain text (unless the project reads only encrypted ones). */
const PLAIN_ALLOWED = new Set([
  'email',
  'userid',
  'cf1',
  'cf2',
  'cf3',
  'token',
  'blacklistCountries',
  'approvePeriod',
  'rejectPeriod',
  'ageLimit',
  'rejectDuplicateUser',
  'mainColor',
  'innerColor',
  'sid',
  'action',
]);
/** Parameters honoured only inside `encrypted`: a plain copy is ignored, so a URL cannot be widened. */
const ENCRYPTED_ONLY = new Set([
  'allowedCountries',
  'allowedIdTypes',
  'selectedIssuingCountry',
  'selectedIdType',
  'allowedDocumentFields',
  'auxidField',
  'startValidUntil',
]);

/** ISO 3166-1 alpha-3, plus XKX (Kosovo) and UTO (the ICAO specimen state), as argos.md §1.7 accepts. */
export function isCountryCode(code: string): boolean {
  return countryCode(code) === code;
}

/** What the business may switch off for one submission (argos.md §4.2 customOptions). */
export interface LiveformCustomOptions {
  readonly blacklistCountries?: false;
  readonly approvePeriod?: false;
  readonly rejectPeriod?: false;
  readonly ageLimit?: false;
  readonly rejectDuplicateUser?: boolean;
}

export interface LiveformParams {
  readonly email?: string;
  readonly userid?: string;
  readonly cf1?: string;
  readonly cf2?: string;
  readonly cf3?: string;
  readonly token?: string;
  readonly customOptions: LiveformCustomOptions;
  readonly allowedCountries?: readonly string[];
  readonly allowedIdTypes?: readonly IdType[];
  readonly selectedIssuingCountry?: string;
  readonly selectedIdType?: IdType;
  readonly allowedDocumentFields?: readonly DocumentFieldKey[];
  readonly startValidUntil?: string;
  readonly mainColor?: string;
  readonly innerColor?: string;
  readonly injection?: { readonly sid: string; readonly action: string };
}

export type QueryValue = string | string[] | undefined;
export type PlainQuery = Readonly<Record<string, QueryValue>>;

/** The language of the page: `lang` when supported, `en` for an unsupported code, else the browser's choice. */
export function resolveLanguage(lang: QueryValue, acceptLanguage: string | undefined): LiveformLanguage {
  const supported = (code: string): LiveformLanguage | undefined =>
    SUPPORTED_LANGUAGES.find((l) => l === code.trim().toLowerCase().slice(0, 2));
  if (typeof lang === 'string' && lang.length > 0) return supported(lang) ?? 'en';
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.split(';');
      const q = rest.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const found = supported(entry.tag);
    if (found) return found;
  }
  return 'en';
}

function invalid(parameter: string): never {
  throw new LiveformError('PV-40002', parameter);
}

/** Plain and decrypted values merged by the rules of §14.2; every value becomes a string. */
function mergeSources(
  plain: PlainQuery,
  decrypted: Readonly<Record<string, unknown>> | undefined,
  encryptedOnly: boolean,
): Map<string, string> {
  const merged = new Map<string, string>();
  if (!encryptedOnly) {
    for (const [name, value] of Object.entries(plain)) {
      if (!PLAIN_ALLOWED.has(name) || value === undefined) continue;
      if (typeof value !== 'string') invalid(name);
      merged.set(name, value);
    }
  }
  const plainInjection = merged.has('sid') || merged.has('action');
  for (const [name, value] of Object.entries(decrypted ?? {})) {
    if (!PLAIN_ALLOWED.has(name) && !ENCRYPTED_ONLY.has(name)) continue;
    // §14.5: sid/action given both plain and encrypted -> the encrypted ones are ignored.
    if ((name === 'sid' || name === 'action') && plainInjection) continue;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      merged.set(name, value.join(','));
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      merged.set(name, String(value));
    else invalid(name);
  }
  return merged;
}

const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

function list(name: string, value: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.length === 0 || items.some((item) => item.length === 0)) invalid(name);
  return [...new Set(items)];
}

function country(name: string, value: string): string {
  const code = value.trim().toUpperCase();
  if (!isCountryCode(code)) invalid(name);
  return code;
}

function idType(name: string, value: string): IdType {
  const type = value.trim().toLowerCase();
  const found = ID_TYPES.find((t) => t === type);
  if (!found) invalid(name);
  return found;
}

function falseOnly(value: string, name: string): false | undefined {
  if (value === 'false') return false;
  if (value === 'true') return undefined; // `true` on a false-only key is ignored (§4.2)
  return invalid(name);
}

/** An ISO UTC instant `YYYY-MM-DDTHH:mm:ss(.sss)Z`, or undefined when it is not one. */
function parseInstant(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface ParamPolicy {
  readonly settings: Pick<ProjectSettings, 'encryptedOnly' | 'policies'>;
  /** Whether an SMS provider is configured (auxidField). None exists in v1. */
  readonly smsAvailable: boolean;
  readonly now: Date;
}

/**
 * Checks 3-7 of argos.md §14.3 (decryption, check 2, is the caller's): startValidUntil, parameter values,
 * selectedIdType without country, auxidField with a selection, selections outside the allowed lists.
 */
export function parseLiveformParams(
  plain: PlainQuery,
  decrypted: Readonly<Record<string, unknown>> | undefined,
  policy: ParamPolicy,
): LiveformParams {
  const values = mergeSources(plain, decrypted, policy.settings.encryptedOnly);
  const get = (name: string): string | undefined => values.get(name);

  // 3: checked before every other rule except decryption. An unreadable instant is an invalid value (4).
  const startValidUntil = get('startValidUntil');
  const startLimit = startValidUntil === undefined ? undefined : parseInstant(startValidUntil);
  if (startLimit && startLimit.getTime() < policy.now.getTime()) throw new LiveformError('PV-40018');

  // 4: every value.
  if (startValidUntil !== undefined && !startLimit) invalid('startValidUntil');
  const email = get('email');
  if (email !== undefined && !isEmail(email)) invalid('email');
  for (const name of ['userid', 'cf1', 'cf2', 'cf3']) {
    const value = get(name);
    if (value !== undefined && value.length > 256) invalid(name);
  }
  const token = get('token');
  if (token !== undefined && !TOKEN_ID_PATTERN.test(token)) invalid('token');
  const customOptions: { -readonly [K in keyof LiveformCustomOptions]: LiveformCustomOptions[K] } = {};
  for (const name of ['blacklistCountries', 'approvePeriod', 'rejectPeriod', 'ageLimit'] as const) {
    const value = get(name);
    if (value !== undefined && falseOnly(value, name) === false) customOptions[name] = false;
  }
  const duplicate = get('rejectDuplicateUser');
  if (duplicate !== undefined) {
    if (duplicate !== 'true' && duplicate !== 'false') invalid('rejectDuplicateUser');
    customOptions.rejectDuplicateUser = duplicate === 'true';
  }
  const allowedCountriesText = get('allowedCountries');
  const allowedCountries = allowedCountriesText
    ? list('allowedCountries', allowedCountriesText).map((c) => country('allowedCountries', c))
    : undefined;
  if (allowedCountriesText === '') invalid('allowedCountries');
  const allowedIdTypesText = get('allowedIdTypes');
  const allowedIdTypes = allowedIdTypesText
    ? list('allowedIdTypes', allowedIdTypesText).map((t) => idType('allowedIdTypes', t))
    : undefined;
  if (allowedIdTypesText === '') invalid('allowedIdTypes');
  const selectedCountryText = get('selectedIssuingCountry');
  const selectedIssuingCountry =
    selectedCountryText === undefined ? undefined : country('selectedIssuingCountry', selectedCountryText);
  const selectedTypeText = get('selectedIdType');
  const selectedIdType =
    selectedTypeText === undefined ? undefined : idType('selectedIdType', selectedTypeText);
  const fieldsText = get('allowedDocumentFields');
  const allowedDocumentFields = fieldsText
    ? list('allowedDocumentFields', fieldsText).map((key) => {
        const found = DOCUMENT_FIELD_KEYS.find((k) => k === key);
        if (!found) invalid('allowedDocumentFields');
        return found;
      })
    : undefined;
  if (fieldsText === '') invalid('allowedDocumentFields');
  const auxidField = get('auxidField');
  if (auxidField !== undefined && (auxidField !== 'phoneNumber' || !policy.smsAvailable))
    invalid('auxidField');
  for (const name of ['mainColor', 'innerColor']) {
    const value = get(name);
    if (value !== undefined && !/^[0-9A-Fa-f]{6}$/.test(value)) invalid(name);
  }

  // 5 and 6.
  if (selectedIdType && !selectedIssuingCountry) throw new LiveformError('PV-40003');
  if (auxidField !== undefined && (selectedIssuingCountry || selectedIdType))
    throw new LiveformError('PV-40004');

  // 7: the selection against the URL's lists and the project's policy (what the page would offer).
  const { policies } = policy.settings;
  const blacklist = customOptions.blacklistCountries === false ? [] : policies.blacklistCountries;
  if (selectedIssuingCountry) {
    if (allowedCountries && !allowedCountries.includes(selectedIssuingCountry))
      throw new LiveformError('PV-40005');
    if (blacklist.includes(selectedIssuingCountry)) throw new LiveformError('PV-40005');
  }
  if (selectedIdType) {
    if (allowedIdTypes && !allowedIdTypes.includes(selectedIdType)) throw new LiveformError('PV-40005');
    const accepted = policies.acceptedIdTypes as readonly string[];
    if (accepted.length > 0 && !accepted.includes(selectedIdType)) throw new LiveformError('PV-40005');
  }

  const sid = get('sid');
  const action = get('action');
  const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
    (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
  return {
    ...optional('email', email),
    ...optional('userid', get('userid')),
    ...optional('cf1', get('cf1')),
    ...optional('cf2', get('cf2')),
    ...optional('cf3', get('cf3')),
    ...optional('token', token),
    customOptions,
    ...optional('allowedCountries', allowedCountries),
    ...optional('allowedIdTypes', allowedIdTypes),
    ...optional('selectedIssuingCountry', selectedIssuingCountry),
    ...optional('selectedIdType', selectedIdType),
    ...optional('allowedDocumentFields', allowedDocumentFields),
    ...optional('startValidUntil', startLimit?.toISOString()),
    ...optional('mainColor', get('mainColor')?.toLowerCase()),
    ...optional('innerColor', get('innerColor')?.toLowerCase()),
    ...(sid !== undefined || action !== undefined
      ? { injection: { sid: sid ?? '', action: action ?? '' } }
      : {}),
  };
}

/** The countries the page offers: the URL's list (`only`, or every country) less the project's blacklist. */
export function offeredCountries(
  params: LiveformParams,
  settings: Pick<ProjectSettings, 'policies'>,
): { only?: string[]; except: string[] } {
  const except =
    params.customOptions.blacklistCountries === false ? [] : settings.policies.blacklistCountries;
  if (params.selectedIssuingCountry) return { only: [params.selectedIssuingCountry], except: [] };
  if (!params.allowedCountries) return { except: [...except] };
  return { only: params.allowedCountries.filter((c) => !except.includes(c)), except: [] };
}

/** The document types the page offers: the URL's list (or every one) within the project's accepted types. */
export function offeredIdTypes(
  params: LiveformParams,
  settings: Pick<ProjectSettings, 'policies'>,
): IdType[] {
  if (params.selectedIdType) return [params.selectedIdType];
  const accepted = settings.policies.acceptedIdTypes as readonly string[];
  return (params.allowedIdTypes ?? ID_TYPES).filter((t) => accepted.length === 0 || accepted.includes(t));
}
