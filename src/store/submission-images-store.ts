import type { Queryable } from './database.js';

export interface SubmissionImageRow {
  submission_id: string;
  kind: string;
  blob_id: string;
  sha256: string;
  size: number;
  content_type: string;
}

/** Sets the image of a kind; returns the blob it replaced, which the caller erases after commit. */
export async function upsertSubmissionImage(
  db: Queryable,
  image: SubmissionImageRow,
): Promise<string | undefined> {
  const { rows } = await db.query<{ blob_id: string }>(
    'SELECT blob_id FROM submission_images WHERE submission_id = $1 AND kind = $2',
    [image.submission_id, image.kind],
  );
  await db.query(
    `INSERT INTO submission_images (submission_id, kind, blob_id, sha256, size, content_type)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (submission_id, kind) DO UPDATE SET blob_id = $3, sha256 = $4, size = $5, content_type = $6,
       created_at = now()`,
    [image.submission_id, image.kind, image.blob_id, image.sha256, image.size, image.content_type],
  );
  const previous = rows[0]?.blob_id;
  return previous && previous !== image.blob_id ? previous : undefined;
}

export async function selectSubmissionImage(
  db: Queryable,
  submissionId: string,
  kind: string,
): Promise<SubmissionImageRow | undefined> {
  const { rows } = await db.query<SubmissionImageRow>(
    'SELECT submission_id, kind, blob_id, sha256, size, content_type FROM submission_images WHERE submission_id = $1 AND kind = $2',
    [submissionId, kind],
  );
  return rows[0];
}

/** Removes image rows (all kinds, or the given ones) and returns their blob ids for erasure. */
export async function deleteSubmissionImages(
  db: Queryable,
  submissionId: string,
  kinds?: readonly string[],
): Promise<string[]> {
  const { rows } = await db.query<{ blob_id: string }>(
    `DELETE FROM submission_images WHERE submission_id = $1 AND ($2::text[] IS NULL OR kind = ANY($2::text[]))
     RETURNING blob_id`,
    [submissionId, kinds ?? null],
  );
  return rows.map((row) => row.blob_id);
}

/** Records blobs to erase; the erasure itself happens after commit and is retried until it succeeds. */
export async function queueBlobErasures(
  db: Queryable,
  submissionId: string | null,
  blobIds: readonly string[],
): Promise<void> {
  if (blobIds.length === 0) return;
  await db.query(
    `INSERT INTO blob_erasures (blob_id, submission_id) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
    [blobIds, submissionId],
  );
}

export async function completeBlobErasure(db: Queryable, blobId: string): Promise<void> {
  await db.query('DELETE FROM blob_erasures WHERE blob_id = $1', [blobId]);
}

export async function failBlobErasure(db: Queryable, blobId: string): Promise<void> {
  await db.query('UPDATE blob_erasures SET attempts = attempts + 1 WHERE blob_id = $1', [blobId]);
}

export async function selectPendingBlobErasures(
  db: Queryable,
  limit: number,
  submissionId?: string,
): Promise<string[]> {
  const { rows } = await db.query<{ blob_id: string }>(
    `SELECT blob_id FROM blob_erasures WHERE ($2::text IS NULL OR submission_id = $2) ORDER BY created_at LIMIT $1`,
    [limit, submissionId ?? null],
  );
  return rows.map((row) => row.blob_id);
}
