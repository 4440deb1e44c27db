import type { Queryable } from './database.js';

// SQL of AML screening: operator-loaded lists (staged, then switched active), the name index searched by
// blocking keys, sealed screening results per submission, and the monitoring worklist.

export interface AmlListRow {
  id: number;
  name: string;
  format: string;
  state: string;
  sha256: string | null;
  entries: number;
  names: number;
  skipped: number;
  loaded_by: string;
  loaded_at: Date;
}

const LIST_COLUMNS = 'id, name, format, state, sha256, entries, names, skipped, loaded_by, loaded_at';

/** Drops half-loaded versions of a list (a load that died) and stages a new one. */
export async function insertStagedList(
  db: Queryable,
  list: { name: string; format: string; loadedBy: string },
): Promise<number> {
  await db.query(`DELETE FROM aml_lists WHERE name = $1 AND state = 'loading'`, [list.name]);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO aml_lists (name, format, state, loaded_by) VALUES ($1, $2, 'loading', $3) RETURNING id`,
    [list.name, list.format, list.loadedBy],
  );
  return rows[0]!.id;
}

export interface EntryInsert {
  seq: number;
  sourceId: string;
  caption: string;
  kind: string;
  birthDates: readonly string[];
  countries: readonly string[];
  datasets: readonly string[];
}

/** Inserts a batch of entries; returns their ids by `seq`. */
export async function insertEntries(
  db: Queryable,
  listId: number,
  entries: readonly EntryInsert[],
): Promise<Map<number, number>> {
  if (entries.length === 0) return new Map();
  const values: unknown[] = [listId];
  const rows = entries.map((e) => {
    const at = values.length;
    values.push(e.seq, e.sourceId, e.caption, e.kind, e.birthDates, e.countries, e.datasets);
    return `($1, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}::text[], $${at + 6}::text[], $${at + 7}::text[])`;
  });
  const { rows: inserted } = await db.query<{ id: number; seq: number }>(
    `INSERT INTO aml_entries (list_id, seq, source_id, caption, kind, birth_dates, countries, datasets)
     VALUES ${rows.join(', ')} RETURNING id, seq`,
    values,
  );
  return new Map(inserted.map((row) => [row.seq, row.id]));
}

export interface NameInsert {
  entryId: number;
  name: string;
  tokens: readonly string[];
  keys: readonly string[];
}

export async function insertNames(
  db: Queryable,
  listId: number,
  names: readonly NameInsert[],
): Promise<void> {
  if (names.length === 0) return;
  const values: unknown[] = [listId];
  const rows = names.map((n) => {
    const at = values.length;
    values.push(n.entryId, n.name, n.tokens, n.keys);
    return `($1, $${at + 1}, $${at + 2}, $${at + 3}::text[], $${at + 4}::text[])`;
  });
  await db.query(
    `INSERT INTO aml_names (list_id, entry_id, name, tokens, keys) VALUES ${rows.join(', ')}`,
    values,
  );
}

/** Makes a staged list the active version of its name, dropping the version it replaces. */
export async function activateList(
  db: Queryable,
  listId: number,
  counts: { entries: number; names: number; skipped: number; sha256: string },
): Promise<void> {
  await db.query(
    `DELETE FROM aml_lists WHERE state = 'active' AND name = (SELECT name FROM aml_lists WHERE id = $1)`,
    [listId],
  );
  await db.query(
    `UPDATE aml_lists SET state = 'active', entries = $2, names = $3, skipped = $4, sha256 = $5, loaded_at = now()
     WHERE id = $1`,
    [listId, counts.entries, counts.names, counts.skipped, counts.sha256],
  );
}

export async function deleteList(db: Queryable, listId: number): Promise<void> {
  await db.query('DELETE FROM aml_lists WHERE id = $1', [listId]);
}

export async function deleteActiveList(db: Queryable, name: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM aml_lists WHERE name = $1 AND state = 'active'`, [name]);
  return rowCount > 0;
}

export async function selectActiveLists(db: Queryable): Promise<AmlListRow[]> {
  const { rows } = await db.query<AmlListRow>(
    `SELECT ${LIST_COLUMNS} FROM aml_lists WHERE state = 'active' ORDER BY name`,
  );
  return rows;
}

export interface CandidateNameRow {
  entry_id: number;
  tokens: string[];
  hits: number;
}

/**
 * Names of active lists that share a blocking key with the query, those sharing keys with the most query words
 * first. `keys[i]` belongs to query word `words[i]`.
 */
export async function selectCandidateNames(
  db: Queryable,
  keys: readonly string[],
  words: readonly number[],
  limit: number,
): Promise<CandidateNameRow[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<CandidateNameRow>(
    `WITH q(key, word) AS (SELECT * FROM unnest($1::text[], $2::int[]))
     SELECT n.entry_id, n.tokens, count(DISTINCT q.word)::int AS hits
     FROM aml_names n
     JOIN aml_lists l ON l.id = n.list_id AND l.state = 'active'
     JOIN q ON q.key = ANY (n.keys)
     WHERE n.keys && $1::text[]
     GROUP BY n.id, n.entry_id, n.tokens
     ORDER BY hits DESC, n.id
     LIMIT $3`,
    [keys, words, limit],
  );
  return rows;
}

export interface EntryRow {
  id: number;
  source_id: string;
  caption: string;
  kind: string;
  birth_dates: string[];
  countries: string[];
  list_name: string;
}

export async function selectEntries(db: Queryable, ids: readonly number[]): Promise<EntryRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<EntryRow>(
    `SELECT e.id, e.source_id, e.caption, e.kind, e.birth_dates, e.countries, l.name AS list_name
     FROM aml_entries e JOIN aml_lists l ON l.id = e.list_id AND l.state = 'active'
     WHERE e.id = ANY ($1::bigint[])`,
    [ids],
  );
  return rows;
}

// Screenings.

export interface ScreeningRow {
  submission_id: string;
  project_id: string;
  trigger: string;
  screened_at: Date;
  sealed_result: Uint8Array;
}

export async function selectScreening(
  db: Queryable,
  submissionId: string,
): Promise<ScreeningRow | undefined> {
  const { rows } = await db.query<ScreeningRow>(
    'SELECT submission_id, project_id, trigger, screened_at, sealed_result FROM aml_screenings WHERE submission_id = $1',
    [submissionId],
  );
  return rows[0];
}

export async function upsertScreening(
  db: Queryable,
  row: {
    submissionId: string;
    projectId: string;
    trigger: string;
    screenedAt: Date;
    sealedResult: Uint8Array;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO aml_screenings (submission_id, project_id, trigger, screened_at, sealed_result)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (submission_id) DO UPDATE SET trigger = $3, screened_at = $4, sealed_result = $5`,
    [row.submissionId, row.projectId, row.trigger, row.screenedAt, row.sealedResult],
  );
}

/** Everything AML about a submission (its full erasure, argos.md §7). */
export async function deleteAmlOfSubmission(db: Queryable, submissionId: string): Promise<void> {
  await db.query('DELETE FROM aml_monitor_records WHERE submission_id = $1', [submissionId]);
  await db.query('DELETE FROM aml_screenings WHERE submission_id = $1', [submissionId]);
}

// Monitoring.

export interface MonitorRecordRow {
  record_id: string;
  submission_id: string;
  project_id: string;
  worklist_id: string;
  created_at: Date;
  next_screen_at: Date;
}

const MONITOR_COLUMNS = 'record_id, submission_id, project_id, worklist_id, created_at, next_screen_at';

export async function insertMonitorRecord(
  db: Queryable,
  row: {
    recordId: string;
    submissionId: string;
    projectId: string;
    worklistId: string;
    createdAt: Date;
    nextScreenAt: Date;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO aml_monitor_records (record_id, submission_id, project_id, worklist_id, created_at, next_screen_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (submission_id, worklist_id) DO NOTHING`,
    [row.recordId, row.submissionId, row.projectId, row.worklistId, row.createdAt, row.nextScreenAt],
  );
  return rowCount > 0;
}

export async function selectMonitorRecords(db: Queryable, submissionId: string): Promise<MonitorRecordRow[]> {
  const { rows } = await db.query<MonitorRecordRow>(
    `SELECT ${MONITOR_COLUMNS} FROM aml_monitor_records WHERE submission_id = $1 ORDER BY created_at`,
    [submissionId],
  );
  return rows;
}

/**
 * Claims records due for their re-screen: their next time moves `leaseMs` ahead, so a process that dies while
 * working on one leaves it to be claimed again after the lease instead of skipping a day.
 */
export async function claimDueMonitorRecords(
  db: Queryable,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<MonitorRecordRow[]> {
  const { rows } = await db.query<MonitorRecordRow & { due_at: Date }>(
    `UPDATE aml_monitor_records r SET next_screen_at = $2
     FROM (SELECT record_id, next_screen_at AS due_at FROM aml_monitor_records
           WHERE next_screen_at <= $1 ORDER BY next_screen_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
     WHERE r.record_id = due.record_id
     RETURNING r.record_id, r.submission_id, r.project_id, r.worklist_id, r.created_at, due.due_at AS next_screen_at`,
    [now, new Date(now.getTime() + leaseMs), limit],
  );
  return rows;
}

export async function scheduleMonitorRecord(db: Queryable, recordId: string, next: Date): Promise<void> {
  await db.query('UPDATE aml_monitor_records SET next_screen_at = $2 WHERE record_id = $1', [recordId, next]);
}

export async function deleteMonitorRecord(db: Queryable, recordId: string): Promise<void> {
  await db.query('DELETE FROM aml_monitor_records WHERE record_id = $1', [recordId]);
}
