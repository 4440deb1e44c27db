// Every document model the engine knows, and the questions asked of them: which models fit a requested
// (country, type), where such a document carries its machine-readable data, whether its back is worth
// capturing, and which fields it carries (argos.md §4.2 `document_fields`).
import { asiaPacificModels } from './models/asia-pacific.js';
import { europeModels } from './models/europe.js';
import { genericModels } from './models/generic.js';
import { latinAmericaModels } from './models/latin-america.js';
import { northAmericaModels } from './models/north-america.js';
import {
  DOCUMENT_FIELD_KEYS,
  type DocumentFieldKey,
  type DocumentFields,
  type DocumentModel,
  ID_TYPES,
  type IdType,
  type Side,
} from './types.js';

export const documentModels: readonly DocumentModel[] = [
  ...northAmericaModels,
  ...europeModels,
  ...latinAmericaModels,
  ...asiaPacificModels,
  ...genericModels,
];

export function modelById(id: string): DocumentModel | undefined {
  return documentModels.find((m) => m.id === id);
}

/** Models for a country and type: the country's own first, then the generic (ICAO) ones of that type. */
export function modelsFor(country: string, idType: IdType): DocumentModel[] {
  const own = documentModels.filter((m) => m.country === country && m.idType === idType);
  const generic = documentModels.filter((m) => m.country === '*' && m.idType === idType);
  return [...own, ...generic];
}

/**
 * The models a request for (country, type) stands for: the country's own, else the generic (ICAO) ones of
 * the type, else every model of the type (a country the catalogue does not know yet).
 */
function standingFor(country: string, idType: IdType): DocumentModel[] {
  const own = documentModels.filter((m) => m.country === country && m.idType === idType);
  if (own.length > 0) return own;
  const generic = documentModels.filter((m) => m.country === '*' && m.idType === idType);
  if (generic.length > 0) return generic;
  return documentModels.filter((m) => m.idType === idType);
}

export interface ExpectedLayout {
  /** Sides that carry an MRZ, the most common first. */
  readonly mrzSides: readonly Side[];
  /** Some model of the request carries a barcode (read from the back). */
  readonly barcode: boolean;
  /** The document has a back worth capturing (most of its models print data there). */
  readonly back: boolean;
}

/** Where a requested document keeps its data; null when the catalogue has no model of the type. */
export function expectedLayout(country: string, idType: IdType): ExpectedLayout | null {
  const models = standingFor(country, idType);
  if (models.length === 0) return null;
  const mrzCount = (side: Side): number => models.filter((m) => m.mrz?.side === side).length;
  // Ties go to the side of the earlier model (the catalogue lists the commoner layout first).
  const firstAt = (side: Side): number => models.findIndex((m) => m.mrz?.side === side);
  const mrzSides = (['front', 'back'] as const)
    .filter((side) => mrzCount(side) > 0)
    .sort((a, b) => mrzCount(b) - mrzCount(a) || firstAt(a) - firstAt(b));
  return {
    mrzSides,
    barcode: models.some((m) => m.barcode !== undefined),
    back: 2 * models.filter((m) => m.sides.includes('back')).length >= models.length,
  };
}

/** Whether the capture of this document should ask for its back (argos.md §4.2 idBackImage). */
export function needsBackSide(country: string, idType: IdType): boolean {
  return expectedLayout(country, idType)?.back ?? false;
}

/** The document types whose back the capture should ask for, for a country ('*' or none: any country). */
export function idTypesWithBackSide(country = '*'): IdType[] {
  return ID_TYPES.filter((idType) => needsBackSide(country, idType));
}

/** The (country, type) pairs the catalogue has a model of ('*' = any country, ICAO generic). */
export function catalogueEntries(): { country: string; idType: IdType; back: boolean }[] {
  const seen = new Set<string>();
  const out: { country: string; idType: IdType; back: boolean }[] = [];
  for (const m of documentModels) {
    const key = `${m.country}:${m.idType}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ country: m.country, idType: m.idType, back: needsBackSide(m.country, m.idType) });
  }
  return out;
}

/** The default `document_fields` when no model is known (argos.md §4.2 example). */
const defaultCarries: readonly DocumentFieldKey[] = [
  'name',
  'birthDate',
  'gender',
  'nationality',
  'issueDate',
  'expireDate',
  'documentNumber',
];

export function documentFieldsOf(model: DocumentModel | undefined): DocumentFields {
  return fieldsCarried(model?.carries ?? defaultCarries);
}

/** What documents of a type the catalogue has no model of print (argos.md §4.2 and the vendors' cards). */
const typeCarries: Readonly<Partial<Record<IdType, readonly DocumentFieldKey[]>>> = {
  drivers_license: ['name', 'birthDate', 'gender', 'issueDate', 'expireDate', 'documentNumber'],
  vehicle_registration_certificate: ['name', 'issueDate', 'documentNumber'],
  aadhaar: ['name', 'birthDate', 'gender', 'idNumber'],
  pancard: ['name', 'birthDate', 'number'],
};

function fieldsCarried(carried: readonly DocumentFieldKey[]): DocumentFields {
  const carries = new Set(carried);
  return Object.fromEntries(DOCUMENT_FIELD_KEYS.map((key) => [key, carries.has(key)])) as Record<
    DocumentFieldKey,
    boolean
  >;
}

/** `document_fields` for a requested (country, type): its first model's, else the type's, else the default. */
export function documentFieldsFor(country: string, idType: IdType): DocumentFields {
  const model = modelsFor(country, idType)[0];
  return model ? documentFieldsOf(model) : fieldsCarried(typeCarries[idType] ?? defaultCarries);
}
