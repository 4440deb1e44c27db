import type { Queryable } from './database.js';

export interface LiveformSessionRow {
  id: string;
  project_id: string;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  lang: string;
  sealed_params: Uint8Array;
  sealed_state: Uint8Array | null;
  token_id: string | null;
  error_code: string | null;
  submission_id: string | null;
  stage: string;
  challenge_prompt: string | null;
  challenge_issued_at: Date | null;
  handoff_code: string | null;
  handoff_expires_at: Date | null;
  handoff_claimed_at: Date | null;
  revision: number;
}

export interface NewLiveformSession {
  readonly id: string;
  readonly projectId: string;
  readonly now: Date;
  readonly expiresAt: Date;
  readonly lang: string;
  readonly sealedParams: Uint8Array;
  readonly tokenId: string | null;
  readonly errorCode: string | null;
}

export async function insertLiveformSession(db: Queryable, session: NewLiveformSession): Promise<void> {
  await db.query(
    `INSERT INTO liveform_sessions
       (id, project_id, created_at, updated_at, expires_at, lang, sealed_params, token_id, error_code, stage)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9)`,
    [
      session.id,
      session.projectId,
      session.now,
      session.expiresAt,
      session.lang,
      session.sealedParams,
      session.tokenId,
      session.errorCode,
      session.errorCode ? 'error' : 'start',
    ],
  );
}

export async function selectLiveformSession(
  db: Queryable,
  id: string,
): Promise<LiveformSessionRow | undefined> {
  const { rows } = await db.query<LiveformSessionRow>('SELECT * FROM liveform_sessions WHERE id = $1', [id]);
  return rows[0];
}

export async function selectSessionByHandoff(
  db: Queryable,
  code: string,
): Promise<LiveformSessionRow | undefined> {
  const { rows } = await db.query<LiveformSessionRow>(
    'SELECT * FROM liveform_sessions WHERE handoff_code = $1',
    [code],
  );
  return rows[0];
}

export type SessionChange = Partial<{
  sealed_state: Uint8Array;
  stage: string;
  submission_id: string;
  challenge_prompt: string | null;
  challenge_issued_at: Date | null;
  handoff_code: string;
  handoff_expires_at: Date;
  handoff_claimed_at: Date;
}>;

/** Applies a change and bumps the revision (which the live progress feed watches). */
export async function updateLiveformSession(
  db: Queryable,
  id: string,
  change: SessionChange,
  now: Date,
): Promise<LiveformSessionRow | undefined> {
  const entries = Object.entries(change);
  const sets = entries.map(([column], index) => `${column} = $${index + 3}`);
  const { rows } = await db.query<LiveformSessionRow>(
    `UPDATE liveform_sessions SET ${[...sets, 'updated_at = $2', 'revision = revision + 1'].join(', ')}
     WHERE id = $1 RETURNING *`,
    [id, now, ...entries.map(([, value]) => value)],
  );
  return rows[0];
}

/** Claims a hand-off code once: only the first claim within its lifetime succeeds. */
export async function claimHandoff(
  db: Queryable,
  code: string,
  now: Date,
): Promise<LiveformSessionRow | undefined> {
  const { rows } = await db.query<LiveformSessionRow>(
    `UPDATE liveform_sessions SET handoff_claimed_at = $2, updated_at = $2, revision = revision + 1
     WHERE handoff_code = $1 AND handoff_claimed_at IS NULL AND handoff_expires_at > $2 AND expires_at > $2
     RETURNING *`,
    [code, now],
  );
  return rows[0];
}

/** Submissions the project's Liveform sessions created with a token. */
export async function selectTokenSubmissionIds(
  db: Queryable,
  projectId: string,
  tokenId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ submission_id: string }>(
    `SELECT DISTINCT submission_id FROM liveform_sessions
     WHERE project_id = $1 AND token_id = $2 AND submission_id IS NOT NULL`,
    [projectId, tokenId],
  );
  return rows.map((row) => row.submission_id);
}

export async function deleteExpiredLiveformSessions(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM liveform_sessions WHERE expires_at < $1', [now]);
  return rowCount;
}

// Token usage (argos.md §14.3). The tokens table belongs to the tokens API; the Liveform records first use and
// submissions made with a token, at the time of its own clock.

/** Sets firstUsedAt on first use; with `register`, an unknown id is added as an unregistered, tracked token. */
export async function markTokenUsed(
  db: Queryable,
  projectId: string,
  tokenId: string,
  now: Date,
  register: boolean,
): Promise<void> {
  if (register) {
    await db.query(
      `INSERT INTO tokens (project_id, token_id, registered, update_time, first_used_at)
       VALUES ($1, $2, false, $3, $3) ON CONFLICT (project_id, token_id) DO NOTHING`,
      [projectId, tokenId, now],
    );
  }
  await db.query(
    'UPDATE tokens SET first_used_at = $3 WHERE project_id = $1 AND token_id = $2 AND first_used_at IS NULL',
    [projectId, tokenId, now],
  );
}

/** Counts a submission made with the token; returns the new count. */
export async function countTokenSubmission(
  db: Queryable,
  projectId: string,
  tokenId: string,
): Promise<number> {
  const { rows } = await db.query<{ use_count: number }>(
    'UPDATE tokens SET use_count = use_count + 1 WHERE project_id = $1 AND token_id = $2 RETURNING use_count',
    [projectId, tokenId],
  );
  return rows[0]?.use_count ?? 0;
}

export async function markTokenExpired(
  db: Queryable,
  projectId: string,
  tokenId: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE tokens SET expired_at = $3 WHERE project_id = $1 AND token_id = $2 AND expired_at IS NULL',
    [projectId, tokenId, at],
  );
  return rowCount > 0;
}
