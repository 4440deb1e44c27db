import type { Queryable } from './database.js';

export interface TokenRow {
  token_id: string;
  registered: boolean;
  update_time: Date;
  first_used_at: Date | null;
  use_count: number;
  expired_at: Date | null;
}

const COLUMNS = 'token_id, registered, update_time, first_used_at, use_count, expired_at';

/** Registers ids; an existing id is overwritten: new updateTime, usage reset (argos.md §13.1). */
export async function upsertTokens(
  db: Queryable,
  projectId: string,
  tokenIds: readonly string[],
): Promise<void> {
  await db.query(
    `INSERT INTO tokens (project_id, token_id)
     SELECT $1, unnest($2::text[])
     ON CONFLICT (project_id, token_id) DO UPDATE SET
       registered = true, update_time = now(), first_used_at = NULL, use_count = 0, expired_at = NULL`,
    [projectId, tokenIds],
  );
}

export async function countTokens(db: Queryable, projectId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM tokens WHERE project_id = $1',
    [projectId],
  );
  return rows[0]?.count ?? 0;
}

export async function countExistingTokens(
  db: Queryable,
  projectId: string,
  tokenIds: readonly string[],
): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM tokens WHERE project_id = $1 AND token_id = ANY($2::text[])',
    [projectId, tokenIds],
  );
  return rows[0]?.count ?? 0;
}

export async function selectToken(
  db: Queryable,
  projectId: string,
  tokenId: string,
): Promise<TokenRow | undefined> {
  const { rows } = await db.query<TokenRow>(
    `SELECT ${COLUMNS} FROM tokens WHERE project_id = $1 AND token_id = $2`,
    [projectId, tokenId],
  );
  return rows[0];
}

/** A page, newest updateTime first; `after` continues behind the last row of the previous page. */
export async function selectTokenPage(
  db: Queryable,
  projectId: string,
  limit: number,
  after?: { tokenId: string; updateTime: Date },
): Promise<TokenRow[]> {
  const { rows } = await db.query<TokenRow>(
    `SELECT ${COLUMNS} FROM tokens
     WHERE project_id = $1 AND ($2::timestamptz IS NULL OR (update_time, token_id) < ($2, $3))
     ORDER BY update_time DESC, token_id DESC LIMIT $4`,
    [projectId, after?.updateTime ?? null, after?.tokenId ?? null, limit],
  );
  return rows;
}

export async function deleteTokensById(
  db: Queryable,
  projectId: string,
  tokenIds: readonly string[],
): Promise<string[]> {
  const { rows } = await db.query<{ token_id: string }>(
    'DELETE FROM tokens WHERE project_id = $1 AND token_id = ANY($2::text[]) RETURNING token_id',
    [projectId, tokenIds],
  );
  return rows.map((row) => row.token_id);
}

export async function deleteOldestTokens(db: Queryable, projectId: string, count: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM tokens WHERE project_id = $1 AND token_id IN (
       SELECT token_id FROM tokens WHERE project_id = $1 ORDER BY update_time ASC, token_id ASC LIMIT $2)`,
    [projectId, count],
  );
  return rowCount;
}

/**
 * Tokens of a project whose `time:H` lifetime (H hours after update_time) has run out and whose expiry was not
 * announced yet, oldest first, locked for this sweep. `expires_at` is the instant the rule gives.
 */
export async function selectUnannouncedTimeExpiries(
  db: Queryable,
  projectId: string,
  hours: number,
  now: Date,
  limit: number,
): Promise<{ token_id: string; expires_at: Date }[]> {
  const { rows } = await db.query<{ token_id: string; expires_at: Date }>(
    `SELECT token_id, update_time + make_interval(hours => $2) AS expires_at FROM tokens
     WHERE project_id = $1 AND expired_at IS NULL AND update_time + make_interval(hours => $2) <= $3
       AND time_expiry_announced_at IS DISTINCT FROM update_time + make_interval(hours => $2)
     ORDER BY update_time LIMIT $4 FOR UPDATE SKIP LOCKED`,
    [projectId, hours, now, limit],
  );
  return rows;
}

export async function markTimeExpiryAnnounced(
  db: Queryable,
  projectId: string,
  tokenId: string,
  expiresAt: Date,
): Promise<void> {
  await db.query('UPDATE tokens SET time_expiry_announced_at = $3 WHERE project_id = $1 AND token_id = $2', [
    projectId,
    tokenId,
    expiresAt,
  ]);
}
