import crypto from 'node:crypto';
import { API_KEY_PATTERN, apiKeyHint, generateApiKey, hashApiKey } from '../crypto/api-key.js';
import type { Keyring } from '../crypto/keyring.js';
import { newId, randomBase62 } from '../crypto/random-id.js';
import { openValue, sealValue } from '../crypto/sealed-value.js';
import { appendAudit } from '../store/audit-store.js';
import type { Database, Queryable } from '../store/database.js';
import {
  type ApiKeyRow,
  insertApiKey,
  insertProject,
  type ProjectRow,
  revokeApiKeyRow,
  selectActiveApiKeyByHash,
  selectApiKeys,
  selectProject,
  selectProjects,
  touchApiKey,
  updateProject,
} from '../store/projects-store.js';
import { type ProjectSettings, parseProjectSettings } from './project-settings.js';

export interface Project {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'suspended';
  readonly settings: ProjectSettings;
  readonly createdAt: Date;
}

/** Server-side secrets of a project, sealed at rest. */
export interface ProjectSecrets {
  /** Keys `duplicated_information` (argos.md §5); never leaves the server. */
  readonly duplicateSecret: string;
  /** Signs webhooks (argos.md §15.1). */
  readonly webhookSigningSecret: string;
  /** Optional encryption key source (argos.md §2.1). */
  readonly secretKey?: string;
}

export interface ApiKeyInfo {
  readonly id: string;
  readonly projectId: string;
  readonly hint: string;
  readonly label: string | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export interface IssuedApiKey extends ApiKeyInfo {
  /** The key itself: shown once, never stored. */
  readonly key: string;
}

export interface Caller {
  readonly project: Project;
  readonly apiKeyId: string;
}

export class ProjectError extends Error {
  override name = 'ProjectError';
}

const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Keys we issue are okk_…; an operator may also bring its own, long and plain enough to be a header value. */
const OWN_KEY_PATTERN = /^[\x21-\x7e]{16,128}$/;

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    settings: parseProjectSettings(row.settings),
    createdAt: row.created_at,
  };
}

function toKeyInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    projectId: row.project_id,
    hint: row.key_hint,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Projects, their secrets and API keys. */
export function createProjects(db: Database, keyring: Keyring) {
  const sealSecrets = (projectId: string, secrets: ProjectSecrets) =>
    sealValue(JSON.stringify(secrets), keyring.secrets, `project:${projectId}`);

  async function insertKey(
    q: Queryable,
    projectId: string,
    key: string,
    label: string | null,
    actor: string,
  ): Promise<IssuedApiKey> {
    const id = newId();
    // K of argos.md §2.1, kept sealed so that outbound encryption (webhooks, return URLs) can use it.
    const encryptionKey = crypto.createHash('sha256').update(key, 'utf8').digest('hex');
    await insertApiKey(q, {
      id,
      projectId,
      keyHash: hashApiKey(key),
      keyHint: apiKeyHint(key),
      label,
      sealedEncryptionKey: sealValue(encryptionKey, keyring.secrets, `api-key:${id}`),
    });
    await appendAudit(q, {
      projectId,
      actor,
      action: 'api_key.create',
      subjectType: 'api_key',
      subjectId: id,
    });
    return {
      id,
      projectId,
      hint: apiKeyHint(key),
      label,
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
      key,
    };
  }

  return {
    async create(
      input: { id?: string; name: string; settings?: unknown },
      actor: string,
      q: Queryable = db,
    ): Promise<Project> {
      const id = input.id ?? newId();
      if (!PROJECT_ID_PATTERN.test(id))
        throw new ProjectError('a project id is 1-64 characters of [A-Za-z0-9_-]');
      if (await selectProject(q, id)) throw new ProjectError(`project ${id} already exists`);
      const settings = parseProjectSettings(input.settings ?? {});
      const secrets: ProjectSecrets = {
        duplicateSecret: crypto.randomBytes(32).toString('hex'),
        webhookSigningSecret: `whsec_${randomBase62(32)}`,
      };
      await insertProject(q, { id, name: input.name, settings, sealedSecrets: sealSecrets(id, secrets) });
      await appendAudit(q, {
        projectId: id,
        actor,
        action: 'project.create',
        subjectType: 'project',
        subjectId: id,
      });
      return { id, name: input.name, status: 'active', settings, createdAt: new Date() };
    },

    async get(id: string, q: Queryable = db): Promise<Project | undefined> {
      const row = await selectProject(q, id);
      return row && toProject(row);
    },

    async list(): Promise<Project[]> {
      return (await selectProjects(db)).map(toProject);
    },

    async secrets(projectId: string, q: Queryable = db): Promise<ProjectSecrets> {
      const row = await selectProject(q, projectId);
      if (!row?.sealed_secrets) throw new ProjectError(`project ${projectId} has no secrets`);
      return JSON.parse(
        openValue(row.sealed_secrets, keyring.secrets, `project:${projectId}`),
      ) as ProjectSecrets;
    },

    async updateSettings(projectId: string, settings: unknown, actor: string): Promise<Project> {
      const parsed = parseProjectSettings(settings);
      return db.transaction(async (tx) => {
        if (!(await updateProject(tx, projectId, { settings: parsed }))) {
          throw new ProjectError(`no project ${projectId}`);
        }
        await appendAudit(tx, {
          projectId,
          actor,
          action: 'project.settings',
          subjectType: 'project',
          subjectId: projectId,
        });
        const row = await selectProject(tx, projectId);
        return toProject(row!);
      });
    },

    async setStatus(projectId: string, status: 'active' | 'suspended', actor: string): Promise<void> {
      await db.transaction(async (tx) => {
        if (!(await updateProject(tx, projectId, { status })))
          throw new ProjectError(`no project ${projectId}`);
        await appendAudit(tx, {
          projectId,
          actor,
          action: `project.${status}`,
          subjectType: 'project',
          subjectId: projectId,
        });
      });
    },

    /** A new key (or the operator's own `key`), returned in full this once. */
    async issueApiKey(
      projectId: string,
      options: { key?: string; label?: string },
      actor: string,
      q?: Queryable,
    ): Promise<IssuedApiKey> {
      const key = options.key ?? generateApiKey();
      if (!API_KEY_PATTERN.test(key) && !OWN_KEY_PATTERN.test(key)) {
        throw new ProjectError('an API key is 16-128 printable ASCII characters without spaces');
      }
      const run = async (tx: Queryable) => {
        if (!(await selectProject(tx, projectId))) throw new ProjectError(`no project ${projectId}`);
        if (await selectActiveApiKeyByHash(tx, hashApiKey(key)))
          throw new ProjectError('this API key is already in use');
        return insertKey(tx, projectId, key, options.label ?? null, actor);
      };
      return q ? run(q) : db.transaction(run);
    },

    async listApiKeys(projectId?: string): Promise<ApiKeyInfo[]> {
      return (await selectApiKeys(db, projectId)).map(toKeyInfo);
    },

    async revokeApiKey(id: string, actor: string): Promise<ApiKeyInfo> {
      return db.transaction(async (tx) => {
        const row = await revokeApiKeyRow(tx, id);
        if (!row) throw new ProjectError(`no active API key ${id}`);
        await appendAudit(tx, {
          projectId: row.project_id,
          actor,
          action: 'api_key.revoke',
          subjectType: 'api_key',
          subjectId: id,
        });
        return toKeyInfo(row);
      });
    },

    /** The project a presented key belongs to, or undefined for an unknown or revoked key. */
    async authenticate(key: string): Promise<Caller | undefined> {
      if (key.length === 0 || key.length > 256) return undefined;
      const row = await selectActiveApiKeyByHash(db, hashApiKey(key));
      if (!row) return undefined;
      const project = await selectProject(db, row.project_id);
      if (!project) return undefined;
      await touchApiKey(db, row.id);
      return { project: toProject(project), apiKeyId: row.id };
    },

    /** Keys K (argos.md §2.1) of the project's active API keys, newest first. */
    async apiKeyEncryptionKeys(projectId: string): Promise<Buffer[]> {
      const rows = (await selectApiKeys(db, projectId)).filter(
        (row) => !row.revoked_at && row.sealed_encryption_key,
      );
      return rows
        .reverse()
        .map((row) =>
          Buffer.from(openValue(row.sealed_encryption_key!, keyring.secrets, `api-key:${row.id}`), 'hex'),
        );
    },
  };
}

export type Projects = ReturnType<typeof createProjects>;
