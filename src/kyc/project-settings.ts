import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { ID_TYPES } from '../engine/documents/types.js';

// A project's settings (argos.md §1.9), stored as JSON next to the project. Secrets are not here: they are
// sealed separately. Defaults are applied on read, so settings added in later versions need no migration.

const IdType = Type.Union(ID_TYPES.map((value) => Type.Literal(value)));

export const ProjectSettings = Type.Object({
  ipAllowlist: Type.Array(Type.String(), { default: [] }),
  admins: Type.Array(Type.String(), { default: [] }),
  reviewMode: Type.Union([Type.Literal('system'), Type.Literal('client')], { default: 'system' }),
  recognitionEnabled: Type.Boolean({ default: true }),
  webhookUrl: Type.Optional(Type.String()),
  allowInsecureWebhooks: Type.Boolean({ default: false }),
  returnUrl: Type.Optional(Type.String()),
  returnUrlFields: Type.Array(Type.String(), { default: ['submissionId', 'kycStatus'] }),
  encryption: Type.Object(
    {
      algorithm: Type.Union([Type.Literal('AES-256'), Type.Literal('GCM-256')], { default: 'AES-256' }),
      keySource: Type.Union([Type.Literal('apiKey'), Type.Literal('secretKey')], { default: 'apiKey' }),
    },
    { default: {} },
  ),
  secureTransfer: Type.Boolean({ default: false }),
  encryptedOnly: Type.Boolean({ default: false }),
  privacyShield: Type.Boolean({ default: false }),
  collectAddress: Type.Boolean({ default: false }),
  policies: Type.Object(
    {
      blacklistCountries: Type.Array(Type.String(), { default: [] }),
      approvePeriodDays: Type.Integer({ minimum: 0, default: 0 }),
      rejectPeriodDays: Type.Integer({ minimum: 0, default: 0 }),
      ageLimit: Type.Integer({ minimum: 0, default: 0 }),
      rejectDuplicateUser: Type.Boolean({ default: false }),
      acceptedIdTypes: Type.Array(IdType, { default: [] }),
    },
    { default: {} },
  ),
  tokens: Type.Object(
    {
      requireToken: Type.Boolean({ default: false }),
      registeredOnly: Type.Boolean({ default: true }),
      expiration: Type.String({ pattern: '^(none|count:[1-9][0-9]*|time:[1-9][0-9]*)$', default: 'none' }),
    },
    { default: {} },
  ),
  aml: Type.Object(
    {
      enabled: Type.Boolean({ default: false }),
      monitoring: Type.Union([Type.Literal('off'), Type.Literal('auto')], { default: 'off' }),
    },
    { default: {} },
  ),
});

export type ProjectSettings = Static<typeof ProjectSettings>;

export class ProjectSettingsError extends Error {
  override name = 'ProjectSettingsError';
}

/** Fills defaults and validates; throws ProjectSettingsError naming the first bad setting. */
export function parseProjectSettings(input: unknown): ProjectSettings {
  const withDefaults = Value.Default(ProjectSettings, structuredClone(input ?? {}));
  if (!Value.Check(ProjectSettings, withDefaults)) {
    const first = Value.Errors(ProjectSettings, withDefaults)[0];
    throw new ProjectSettingsError(
      `invalid project setting ${first?.instancePath || '/'}: ${first?.message ?? ''}`,
    );
  }
  return withDefaults;
}
