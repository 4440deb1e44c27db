import type { Queryable } from './database.js';

/** A submissions row as stored; personal data is the sealed record, opened by the domain. */
export interface SubmissionRow {
  id: string;
  project_id: string;
  status: string;
  origin: string;
  id_type: string | null;
  created_at: Date;
  updated_at: Date;
  decided_at: Date | null;
  pending_at: Date | null;
  deleted_at: Date | null;
  deleted_by: string | null;
  reviewer: string | null;
  retry_count: number;
  step1_done: boolean;
  step2_started: boolean;
  email_index: string | null;
  userid_index: string | null;
  token_index: string | null;
  duplicate_key: string | null;
  duplicate_checks_off: boolean;
  applicant_id: string | null;
  scores: Record<string, number>;
  attempts: unknown[];
  sealed_record: Uint8Array | null;
  revision: number;
  images: string[];
  /** The sealed AML screening, when one ran (aml_screenings). */
  aml_sealed: Uint8Array | null;
}

const COLUMNS = `s.id, s.project_id, s.status, s.origin, s.id_type, s.created_at, s.updated_at, s.decided_at, s.pending_at,
  s.deleted_at, s.deleted_by, s.reviewer, s.retry_count, s.step1_done, s.step2_started, s.email_index, s.userid_index,
  s.token_index, s.duplicate_key, s.duplicate_checks_off, s.applicant_id, s.scores, s.attempts, s.sealed_record,
  s.revision,
  COALESCE((SELECT array_agg(i.kind ORDER BY i.kind) FROM submission_images i WHERE i.submission_id = s.id), '{}') AS images,
  (SELECT a.sealed_result FROM aml_screenings a WHERE a.submission_id = s.id) AS aml_sealed`;

/** Columns a write may set; absent keys are left as they are. */
export interface SubmissionWrite {
  status?: string;
  id_type?: string | null;
  updated_at?: Date;
  decided_at?: Date | null;
  pending_at?: Date | null;
  deleted_at?: Date | null;
  deleted_by?: string | null;
  reviewer?: string | null;
  retry_count?: number;
  step1_done?: boolean;
  step2_started?: boolean;
  email_index?: string | null;
  userid_index?: string | null;
  token_index?: string | null;
  duplicate_key?: string | null;
  duplicate_checks_off?: boolean;
  applicant_id?: string | null;
  scores?: object;
  attempts?: unknown[];
  sealed_record?: Uint8Array | null;
}

const JSON_COLUMNS = new Set(['scores', 'attempts']);

export async function insertSubmission(
  db: Queryable,
  row: { id: string; project_id: string; status: string; origin: string; created_at: Date } & SubmissionWrite,
): Promise<void> {
  const entries = Object.entries(row).filter(([, value]) => value !== undefined);
  const names = entries.map(([name]) => name);
  const values = entries.map(([name, value]) => (JSON_COLUMNS.has(name) ? JSON.stringify(value) : value));
  await db.query(
    `INSERT INTO submissions (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
    values,
  );
}

/**
 * Writes the given columns when the row still has `revision` (optimistic concurrency: engine work runs outside
 * the transaction, so the state it started from is checked again here). Returns false when it changed.
 */
export async function updateSubmission(
  db: Queryable,
  id: string,
  revision: number,
  write: SubmissionWrite,
): Promise<boolean> {
  const entries = Object.entries(write).filter(([, value]) => value !== undefined);
  const sets = entries.map(([name], i) => `${name} = $${i + 3}`);
  const values = entries.map(([name, value]) => (JSON_COLUMNS.has(name) ? JSON.stringify(value) : value));
  const { rowCount } = await db.query(
    `UPDATE submissions SET ${[...sets, 'revision = revision + 1'].join(', ')} WHERE id = $1 AND revision = $2`,
    [id, revision, ...values],
  );
  return rowCount > 0;
}

export async function selectSubmission(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SubmissionRow | undefined> {
  if (options.forUpdate) await db.query('SELECT 1 FROM submissions WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await db.query<SubmissionRow>(`SELECT ${COLUMNS} FROM submissions s WHERE s.id = $1`, [
    id,
  ]);
  return rows[0];
}

export interface SubmissionFilter {
  projectId: string;
  emailIndex?: string;
  useridIndex?: string;
  /** Inclusive bounds on created_at. */
  from?: Date;
  until?: Date;
  /** Continue after this (created_at, id), in descending order. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** Newest first, ties broken by id (descending), so a page key is a strict position. */
export async function selectSubmissionPage(
  db: Queryable,
  filter: SubmissionFilter,
): Promise<SubmissionRow[]> {
  const { rows } = await db.query<SubmissionRow>(
    `SELECT ${COLUMNS} FROM submissions s
     WHERE s.project_id = $1
       AND ($2::text IS NULL OR s.email_index = $2)
       AND ($3::text IS NULL OR s.userid_index = $3)
       AND ($4::timestamptz IS NULL OR s.created_at >= $4)
       AND ($5::timestamptz IS NULL OR s.created_at <= $5)
       AND ($6::timestamptz IS NULL OR (s.created_at, s.id) < ($6, $7))
     ORDER BY s.created_at DESC, s.id DESC
     LIMIT $8`,
    [
      filter.projectId,
      filter.emailIndex ?? null,
      filter.useridIndex ?? null,
      filter.from ?? null,
      filter.until ?? null,
      filter.after?.createdAt ?? null,
      filter.after?.id ?? null,
      filter.limit,
    ],
  );
  return rows;
}

/** Whether the project has an approved, not deleted submission with this e-mail (blind index). */
export async function existsApprovedWithEmail(
  db: Queryable,
  projectId: string,
  emailIndex: string,
  exceptId?: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM submissions WHERE project_id = $1 AND email_index = $2 AND status = 'approved'
       AND deleted_at IS NULL AND ($3::text IS NULL OR id <> $3) LIMIT 1`,
    [projectId, emailIndex, exceptId ?? null],
  );
  return rows.length > 0;
}

export interface DuplicateCandidate {
  id: string;
  status: string;
  decided_at: Date | null;
  applicant_id: string | null;
}

/** Decided, live submissions of the project with this duplicate key, newest decision first. */
export async function selectByDuplicateKey(
  db: Queryable,
  projectId: string,
  duplicateKey: string,
  exceptId: string,
): Promise<DuplicateCandidate[]> {
  const { rows } = await db.query<DuplicateCandidate>(
    `SELECT id, status, decided_at, applicant_id FROM submissions
     WHERE project_id = $1 AND duplicate_key = $2 AND id <> $3 AND deleted_at IS NULL
       AND NOT duplicate_checks_off AND status IN ('approved', 'rejected')
     ORDER BY decided_at DESC NULLS LAST`,
    [projectId, duplicateKey, exceptId],
  );
  return rows;
}

export async function selectDecisionFacts(
  db: Queryable,
  ids: readonly string[],
): Promise<(DuplicateCandidate & { duplicate_key: string | null; duplicate_checks_off: boolean })[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<
    DuplicateCandidate & { duplicate_key: string | null; duplicate_checks_off: boolean }
  >(
    `SELECT id, status, decided_at, applicant_id, duplicate_key, duplicate_checks_off FROM submissions
     WHERE id = ANY($1::text[]) AND deleted_at IS NULL`,
    [ids],
  );
  return rows;
}

/** Incomplete submissions started before `cutoff` (the 24 h timeout), oldest first, locked for this sweep. */
export async function selectTimedOut(db: Queryable, cutoff: Date, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM submissions WHERE status = 'incomplete' AND deleted_at IS NULL AND created_at < $1
     ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
  return rows.map((row) => row.id);
}

/** Statuses of the live submissions made with a token (Liveform private mode, argos.md §14.3 rule 11). */
export async function selectStatusesByToken(
  db: Queryable,
  projectId: string,
  tokenIndex: string,
): Promise<string[]> {
  const { rows } = await db.query<{ status: string }>(
    `SELECT DISTINCT status FROM submissions WHERE project_id = $1 AND token_index = $2 AND deleted_at IS NULL`,
    [projectId, tokenIndex],
  );
  return rows.map((row) => row.status);
}
