// Every document model the engine knows, and the questions asked of them: which models fit a requested
// (country, type), and which fields a document carries (argos.md §4.2 `document_fields`).
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
  type IdType,
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
  const carries = new Set(model?.carries ?? defaultCarries);
  return Object.fromEntries(DOCUMENT_FIELD_KEYS.map((key) => [key, carries.has(key)])) as Record<
    DocumentFieldKey,
    boolean
  >;
}

/** `document_fields` for a requested (country, type): its first model's, else the default set. */
export function documentFieldsFor(country: string, idType: IdType): DocumentFields {
  return documentFieldsOf(modelsFor(country, idType)[0]);
}
