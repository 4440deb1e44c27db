import type { Queryable } from './database.js';

export interface ProjectRow {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  settings: unknown;
  sealed_secrets: Uint8Array | null;
  created_at: Date;
}

export interface ApiKeyRow {
  id: string;
  project_id: string;
  key_hint: string;
  label: string | null;
  sealed_encryption_key: Uint8Array | null;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const PROJECT_COLUMNS = 'id, name, status, settings, sealed_secrets, created_at';
const KEY_COLUMNS =
  'id, project_id, key_hint, label, sealed_encryption_key, created_at, revoked_at, last_used_at';

export async function insertProject(
  db: Queryable,
  project: { id: string; name: string; settings: unknown; sealedSecrets: Uint8Array },
): Promise<void> {
  await db.query('INSERT INTO projects (id, name, settings, sealed_secrets) VALUES ($1, $2, $3, $4)', [
    project.id,
    project.name,
    JSON.stringify(project.settings),
    project.sealedSecrets,
  ]);
}

export async function selectProject(db: Queryable, id: string): Promise<ProjectRow | undefined> {
  const { rows } = await db.query<ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = $1`, [id]);
  return rows[0];
}

export async function selectProjects(db: Queryable): Promise<ProjectRow[]> {
  const { rows } = await db.query<ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects ORDER BY created_at`);
  return rows;
}

export async function updateProject(
  db: Queryable,
  id: string,
  change: { settings?: unknown; status?: 'active' | 'suspended'; sealedSecrets?: Uint8Array },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE projects SET
       settings = COALESCE($2::jsonb, settings),
       status = COALESCE($3, status),
       sealed_secrets = COALESCE($4, sealed_secrets),
       updated_at = now()
     WHERE id = $1`,
    [
      id,
      change.settings === undefined ? null : JSON.stringify(change.settings),
      change.status ?? null,
      change.sealedSecrets ?? null,
    ],
  );
  return rowCount > 0;
}

export async function insertApiKey(
  db: Queryable,
  key: {
    id: string;
    projectId: string;
    keyHash: string;
    keyHint: string;
    label: string | null;
    sealedEncryptionKey: Uint8Array;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (id, project_id, key_hash, key_hint, label, sealed_encryption_key)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [key.id, key.projectId, key.keyHash, key.keyHint, key.label, key.sealedEncryptionKey],
  );
}

/** The key with this hash if it is not revoked. */
export async function selectActiveApiKeyByHash(
  db: Queryable,
  keyHash: string,
): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [keyHash],
  );
  return rows[0];
}

export async function selectApiKeys(db: Queryable, projectId?: string): Promise<ApiKeyRow[]> {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys WHERE ($1::text IS NULL OR project_id = $1) ORDER BY created_at, id`,
    [projectId ?? null],
  );
  return rows;
}

export async function revokeApiKeyRow(db: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = now(), sealed_encryption_key = NULL
     WHERE id = $1 AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`,
    [id],
  );
  return rows[0];
}

export async function touchApiKey(db: Queryable, id: string): Promise<void> {
  // At most one write a minute per key: keeps the hot authentication path read-only.
  await db.query(
    `UPDATE api_keys SET last_used_at = now()
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}
