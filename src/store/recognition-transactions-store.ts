import type { Queryable } from './database.js';

export type RecognitionMode = 'sync' | 'async';
export type RecognitionStatus = 'queued' | 'processing' | 'succeeded' | 'failed';

/** Blob references of an asynchronous request's images, erased once it has run. */
export interface RecognitionImages {
  readonly front: { readonly id: string; readonly sha256: string };
  readonly back?: { readonly id: string; readonly sha256: string };
}

export interface RecognitionTransactionRow {
  id: string;
  project_id: string;
  mode: RecognitionMode;
  status: RecognitionStatus;
  error_code: string | null;
  issuing_country: string | null;
  id_type: string | null;
  callback_url: string | null;
  images: RecognitionImages | null;
  ms: number | null;
  created_at: Date;
  finished_at: Date | null;
}

/** How long a transaction record is kept (argos.md §3, our choice). */
export const RETENTION_DAYS = 30;

export async function insertRecognitionTransaction(
  db: Queryable,
  row: {
    id: string;
    projectId: string;
    mode: RecognitionMode;
    status: RecognitionStatus;
    errorCode?: string | null;
    issuingCountry?: string | null;
    idType?: string | null;
    callbackUrl?: string | null;
    images?: RecognitionImages | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO recognition_transactions
       (id, project_id, mode, status, error_code, issuing_country, id_type, callback_url, images, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $4 IN ('succeeded', 'failed') THEN now() END)`,
    [
      row.id,
      row.projectId,
      row.mode,
      row.status,
      row.errorCode ?? null,
      row.issuingCountry ?? null,
      row.idType ?? null,
      row.callbackUrl ?? null,
      row.images ? JSON.stringify(row.images) : null,
    ],
  );
}

export async function finishRecognitionTransaction(
  db: Queryable,
  id: string,
  outcome: { status: 'succeeded' | 'failed'; errorCode: string | null; ms: number | null },
): Promise<void> {
  await db.query(
    `UPDATE recognition_transactions SET status = $2, error_code = $3, ms = $4, images = NULL, finished_at = now()
     WHERE id = $1`,
    [id, outcome.status, outcome.errorCode, outcome.ms],
  );
}

/** Claims a queued transaction for processing; null when another run has it or it is done. */
export async function claimRecognitionTransaction(
  db: Queryable,
  id: string,
): Promise<RecognitionTransactionRow | null> {
  const { rows } = await db.query<RecognitionTransactionRow>(
    `UPDATE recognition_transactions SET status = 'processing' WHERE id = $1 AND status IN ('queued', 'processing')
     RETURNING *`,
    [id],
  );
  return rows[0] ?? null;
}

export async function selectRecognitionTransaction(
  db: Queryable,
  id: string,
): Promise<RecognitionTransactionRow | null> {
  const { rows } = await db.query<RecognitionTransactionRow>(
    'SELECT * FROM recognition_transactions WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/** Removes records older than the retention period; returns how many. */
export async function purgeRecognitionTransactions(db: Queryable, now = new Date()): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM recognition_transactions WHERE created_at < $1::timestamptz - make_interval(days => $2)`,
    [now.toISOString(), RETENTION_DAYS],
  );
  return rowCount;
}
