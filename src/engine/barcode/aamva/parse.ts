import { CORE_ELEMENTS, FIELD_SOURCES, MANDATORY_SINCE_2009 } from './fields.js';
import { parseHeader } from './header.js';
import { countryOfJurisdiction, lookupIin } from './iin.js';
import { resolveNames } from './names.js';
import { payloadToText } from './text.js';
import { tokenizeBody } from './tokenize.js';
import type {
  AamvaDocument,
  AamvaElement,
  AamvaFieldName,
  AamvaFields,
  AamvaParseResult,
  AamvaStandard,
  AamvaVersion,
  CountryCode,
  DocumentKind,
  Field,
} from './types.js';
import { country as parseCountry, type ValueContext } from './values.js';

const STANDARDS: AamvaStandard[] = [
  'PRE_AAMVA2000',
  'AAMVA2000',
  'AAMVA2003',
  'AAMVA2005',
  'AAMVA2009',
  'AAMVA2010',
  'AAMVA2011',
  'AAMVA2012',
  'AAMVA2013',
  'AAMVA2016',
  'AAMVA2020',
];

/** Largest payload we look at: a PDF417 symbol holds at most ~1.1 kB; structured append a few of those. */
const MAX_PAYLOAD_CHARS = 64 * 1024;

/**
 * Parses an AAMVA DL/ID barcode payload (all versions, DL/ID-2000 through 2020, and the pre-2000 '00').
 * Never throws on bad data: empty, non-AAMVA or header-truncated payloads give a typed error; anything
 * past the header gives a document with whatever could be read plus warnings.
 */
export function parseAamva(payload: Uint8Array | string): AamvaParseResult {
  if (payload.length > MAX_PAYLOAD_CHARS) {
    return {
      ok: false,
      error: 'NOT_AAMVA',
      message: `payload of ${payload.length} bytes is too large for an AAMVA barcode`,
    };
  }
  const text = payloadToText(payload);
  if (text.trim() === '') return { ok: false, error: 'EMPTY', message: 'empty payload' };

  const headerResult = parseHeader(text);
  if (!headerResult.ok) return headerResult;
  const header = headerResult.header;
  const warnings = [...header.warnings];

  const body = text.slice(header.bodyStart);
  const tokens = tokenizeBody(
    body,
    header.subfiles.map((s) => s.type),
    header.separators,
  );
  if (tokens.elements.length === 0) {
    return { ok: false, error: 'NO_ELEMENTS', message: 'AAMVA header without any readable data element' };
  }

  const byId = new Map<string, AamvaElement>();
  for (const element of tokens.elements) {
    if (byId.has(element.id)) warnings.push(`element ${element.id} repeated; the first one is used`);
    else byId.set(element.id, element);
  }
  const find = (id: string) => byId.get(id);

  const iinEntry = lookupIin(header.iin);
  if (!iinEntry) warnings.push(`issuer number ${header.iin} is not a registered AAMVA IIN`);
  const version: AamvaVersion = {
    number: header.versionNumber,
    standard: STANDARDS[header.versionNumber] ?? null,
  };

  const fields: AamvaFields = { ...resolveNames(find) };
  const countryField = resolveCountry(find, iinEntry?.country ?? null, header.iin);
  const context: ValueContext = { versionNumber: header.versionNumber, country: countryField?.value ?? null };

  for (const [name, sources] of Object.entries(FIELD_SOURCES) as [
    AamvaFieldName,
    (typeof FIELD_SOURCES)[AamvaFieldName],
  ][]) {
    for (const source of sources ?? []) {
      const element = find(source.element);
      if (!element) continue;
      const outcome = source.parse(element.value, context);
      if (outcome.kind === 'invalid') {
        warnings.push(`${source.element}: ${outcome.reason}`);
        continue;
      }
      if (outcome.kind === 'empty') continue;
      if (outcome.note) warnings.push(`${source.element}: ${outcome.note}`);
      (fields as Record<string, Field<unknown>>)[name] = {
        value: outcome.value,
        element: element.id,
        raw: element.value,
      };
      break;
    }
  }
  if (countryField) fields.country = countryField;
  if (!fields.jurisdictionCode && iinEntry?.jurisdiction) {
    fields.jurisdictionCode = { value: iinEntry.jurisdiction, element: 'IIN', raw: header.iin };
  }

  const missingCore = CORE_ELEMENTS.filter((id) => !byId.has(id));
  const missingMandatory =
    header.versionNumber >= 4 ? MANDATORY_SINCE_2009.filter((id) => !byId.has(id)) : missingCore;
  if (missingMandatory.length > 0)
    warnings.push(`mandatory elements missing: ${missingMandatory.join(', ')}`);
  const declaredEnd = Math.max(0, ...header.subfiles.map((s) => s.offset + s.length));
  // Declared offsets are unreliable on real cards, so a short payload alone is no proof of truncation;
  // a short payload that also lacks mandatory elements is.
  const truncated = declaredEnd > text.length && missingMandatory.length > 0;
  if (truncated)
    warnings.push(`payload is ${text.length} characters, header declares ${declaredEnd}: truncated`);
  if (tokens.unparsed.length > 0)
    warnings.push(`${tokens.unparsed.length} unreadable piece(s) of data ignored`);

  const document: AamvaDocument = {
    version,
    jurisdictionVersion: header.jurisdictionVersion,
    issuer: {
      iin: header.iin,
      jurisdiction: iinEntry?.jurisdiction ?? null,
      name: iinEntry?.name ?? null,
      country: iinEntry?.country ?? null,
    },
    documentKind: documentKind(
      header.subfiles.map((s) => s.type),
      tokens.elements,
    ),
    subfiles: header.subfiles,
    fields,
    elements: tokens.elements,
    jurisdictionElements: tokens.jurisdictionElements,
    unparsed: tokens.unparsed,
    warnings,
    truncated,
  };
  return { ok: true, document };
}

/** Country from DCG; else from the jurisdiction (DAJ) or the issuer number. */
function resolveCountry(
  find: (id: string) => AamvaElement | undefined,
  iinCountry: CountryCode | null,
  iin: string,
): Field<CountryCode> | undefined {
  const dcg = find('DCG');
  if (dcg) {
    const outcome = parseCountry(dcg.value, { versionNumber: 0, country: null });
    if (outcome.kind === 'value') return { value: outcome.value, element: 'DCG', raw: dcg.value };
  }
  const daj = find('DAJ');
  const fromJurisdiction = daj ? countryOfJurisdiction(daj.value.trim().toUpperCase()) : null;
  if (daj && fromJurisdiction) return { value: fromJurisdiction, element: 'DAJ', raw: daj.value };
  if (iinCountry) return { value: iinCountry, element: 'IIN', raw: iin };
  return undefined;
}

function documentKind(subfileTypes: string[], elements: AamvaElement[]): DocumentKind {
  if (subfileTypes.includes('DL')) return 'driver_licence';
  if (subfileTypes.includes('ID')) return 'id_card';
  // No designator: a licence carries a vehicle class.
  return elements.some((e) => e.id === 'DCA' || e.id === 'DAR') ? 'driver_licence' : 'unknown';
}
