import {
  DecryptionError,
  decryptPayload,
  type PayloadAlgorithm,
  payloadKey,
} from '../crypto/argos-cipher.js';
import type { Queryable } from '../store/database.js';
import { selectTokenSubmissionIds } from '../store/liveform-store.js';
import { selectToken } from '../store/tokens-store.js';
import { LiveformError } from './liveform-errors.js';
import { type LiveformParams, type PlainQuery, parseLiveformParams } from './liveform-params.js';
import type { LiveformSubmissionLookup } from './liveform-ports.js';
import type { Project, Projects } from './projects.js';
import { parseExpirationRule, type TokenExpiry, tokenExpiry } from './token-expiry.js';

// The validation order of argos.md §14.3, checks 1-12, with the store behind it. Check 13 (server error) is
// whatever throws something else: the HTTP layer renders SE-50000 for it.

export interface PayloadCipher {
  readonly key: Buffer;
  readonly algorithm: PayloadAlgorithm;
}

/** The keys a project's `encrypted` may be made with: K of each active API key, or of its secretKey (§2.1). */
export async function projectCiphers(projects: Projects, project: Project): Promise<PayloadCipher[]> {
  const { algorithm, keySource } = project.settings.encryption;
  if (keySource === 'secretKey') {
    const { secretKey } = await projects.secrets(project.id);
    return secretKey ? [{ key: payloadKey(secretKey), algorithm }] : [];
  }
  return (await projects.apiKeyEncryptionKeys(project.id)).map((key) => ({ key, algorithm }));
}

export function decryptWithAny(token: string, ciphers: readonly PayloadCipher[]): Record<string, unknown> {
  for (const cipher of ciphers) {
    try {
      return decryptPayload(token, cipher.key, cipher.algorithm);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
    }
  }
  throw new LiveformError('PV-40001');
}

export interface AccessDeps {
  readonly db: Queryable;
  readonly projects: Projects;
  readonly submissions: LiveformSubmissionLookup;
  readonly smsAvailable: boolean;
}

export interface Access {
  readonly project: Project;
  readonly params: LiveformParams;
  /** Set when a token was given and passed checks 9-11. */
  readonly token?: { readonly id: string; readonly registered: boolean };
}

/** What is known when a check fails: enough to build the error page's Return URL (§14.4). */
export interface AccessFailure {
  readonly error: LiveformError;
  readonly project?: Project;
  /** Plain and decrypted values of the echoed fields, as given (for the Return URL only). */
  readonly echo: Partial<Record<'userid' | 'cf1' | 'cf2' | 'cf3' | 'email', string>>;
}

function echoOf(plain: PlainQuery, decrypted: Record<string, unknown> | undefined): AccessFailure['echo'] {
  const echo: Record<string, string> = {};
  for (const name of ['userid', 'cf1', 'cf2', 'cf3', 'email'] as const) {
    const value = decrypted?.[name] ?? plain[name];
    if (typeof value === 'string' && value.length <= 256) echo[name] = value;
  }
  return echo;
}

export async function tokenExpiryOf(
  db: Queryable,
  project: Project,
  tokenId: string,
  now: Date,
): Promise<{ registered: boolean; expiry: TokenExpiry } | undefined> {
  const row = await selectToken(db, project.id, tokenId);
  if (!row) return undefined;
  const expiry = tokenExpiry(
    {
      updateTime: row.update_time,
      firstUsedAt: row.first_used_at,
      useCount: row.use_count,
      expiredAt: row.expired_at,
    },
    parseExpirationRule(project.settings.tokens.expiration),
    now,
  );
  return { registered: row.registered, expiry };
}

/** Checks 8-11 for a token (or its absence); shared by the URL and the phone's hand-off claim. */
export async function checkToken(
  deps: AccessDeps,
  project: Project,
  tokenId: string | undefined,
  now: Date,
): Promise<{ id: string; registered: boolean } | undefined> {
  const rules = project.settings.tokens;
  if (tokenId === undefined) {
    if (rules.requireToken) throw new LiveformError('TK-10000');
    return undefined;
  }
  const known = await tokenExpiryOf(deps.db, project, tokenId, now);
  if (!known && rules.registeredOnly) throw new LiveformError('TK-10005');
  if (known?.expiry.expired) throw new LiveformError('TK-10001');
  const statuses = new Set<string>();
  for (const submissionId of await selectTokenSubmissionIds(deps.db, project.id, tokenId)) {
    const state = await deps.submissions.state(project.id, submissionId);
    if (state && !state.deleted) statuses.add(state.status);
  }
  if (statuses.has('approved')) throw new LiveformError('TK-10002');
  if (statuses.has('pending')) throw new LiveformError('TK-10003');
  if (statuses.has('rejected')) throw new LiveformError('TK-10004');
  return { id: tokenId, registered: known?.registered ?? false };
}

/** Runs checks 1-12 in order; the first failure is returned with what was known by then. */
export async function checkAccess(
  deps: AccessDeps,
  query: PlainQuery,
  now: Date,
): Promise<{ ok: true; access: Access } | ({ ok: false } & AccessFailure)> {
  let project: Project | undefined;
  let decrypted: Record<string, unknown> | undefined;
  try {
    // 1
    const pid = query.pid;
    project =
      typeof pid === 'string' && pid.length > 0 && pid.length <= 64
        ? await deps.projects.get(pid)
        : undefined;
    if (project?.status !== 'active') {
      project = undefined;
      throw new LiveformError('NF-10000');
    }
    // 2
    const encrypted = query.encrypted;
    if (encrypted !== undefined) {
      if (typeof encrypted !== 'string' || encrypted.length === 0 || encrypted.length > 16_384)
        throw new LiveformError('PV-40001');
      decrypted = decryptWithAny(encrypted, await projectCiphers(deps.projects, project));
    }
    // 3-7
    const params = parseLiveformParams(query, decrypted, {
      settings: project.settings,
      smsAvailable: deps.smsAvailable,
      now,
    });
    // 8-11
    const token = await checkToken(deps, project, params.token, now);
    // 12
    if (params.injection) {
      const { sid, action } = params.injection;
      const state = /^[0-9a-z]{13}$/.test(sid) ? await deps.submissions.state(project.id, sid) : undefined;
      if (action !== 'addveri' || !state || state.deleted) throw new LiveformError('PV-40006');
    }
    return { ok: true, access: { project, params, ...(token ? { token } : {}) } };
  } catch (error) {
    if (!(error instanceof LiveformError)) throw error;
    return { ok: false, error, ...(project ? { project } : {}), echo: echoOf(query, decrypted) };
  }
}
