import type { Queryable } from './database.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'gone';

export interface DeliveryRow {
  id: string;
  sequence: number;
  project_id: string;
  ordering_key: string | null;
  subject_id: string | null;
  kind: string;
  event: string;
  url: string;
  sealed_event: Uint8Array | null;
  status: DeliveryStatus;
  attempts: number;
  /** Attempts made before the latest manual redelivery; the retry schedule restarts there. */
  round_start: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = `id, sequence, project_id, ordering_key, subject_id, kind, event, url, sealed_event, status, attempts, round_start,
  next_attempt_at, last_status_code, last_error, last_latency_ms, created_at, finished_at`;

export async function insertDelivery(
  db: Queryable,
  delivery: {
    id: string;
    projectId: string;
    orderingKey: string | null;
    subjectId: string | null;
    kind: string;
    event: string;
    url: string;
    sealedEvent: Uint8Array;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO deliveries (id, project_id, ordering_key, subject_id, kind, event, url, sealed_event, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      delivery.id,
      delivery.projectId,
      delivery.orderingKey,
      delivery.subjectId,
      delivery.kind,
      delivery.event,
      delivery.url,
      delivery.sealedEvent,
    ],
  );
}

export async function selectDelivery(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<DeliveryRow | undefined> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM deliveries WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

/** The oldest open delivery with this ordering key: only it may be attempted (order per submission). */
export async function selectFirstOpenDelivery(
  db: Queryable,
  orderingKey: string,
): Promise<DeliveryRow | undefined> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM deliveries WHERE ordering_key = $1 AND status = 'pending' ORDER BY sequence LIMIT 1`,
    [orderingKey],
  );
  return rows[0];
}

/**
 * Claims the next attempt of a delivery for `leaseMs`: only one worker may attempt it at a time, and a lease
 * left by a crashed worker runs out. Returns the row when this caller won it.
 */
export async function claimDelivery(
  db: Queryable,
  id: string,
  expectedAttempts: number,
  leaseMs: number,
): Promise<DeliveryRow | undefined> {
  const { rows } = await db.query<DeliveryRow>(
    `UPDATE deliveries SET lease_until = now() + ($3::int * interval '1 millisecond')
     WHERE id = $1 AND status = 'pending' AND attempts = $2 AND (lease_until IS NULL OR lease_until < now())
     RETURNING ${COLUMNS}`,
    [id, expectedAttempts, leaseMs],
  );
  return rows[0];
}

/** Open deliveries whose attempt is overdue and unclaimed: their job was lost (crash) and must be sent again. */
export async function selectStrandedDeliveries(
  db: Queryable,
  graceMs: number,
  limit: number,
): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM deliveries
     WHERE status = 'pending' AND next_attempt_at < now() - ($1::int * interval '1 millisecond')
       AND (lease_until IS NULL OR lease_until < now())
     ORDER BY sequence LIMIT $2`,
    [graceMs, limit],
  );
  return rows;
}

export async function recordAttempt(
  db: Queryable,
  attempt: {
    deliveryId: string;
    attempt: number;
    statusCode: number | null;
    error: string | null;
    latencyMs: number;
    status: DeliveryStatus;
    nextAttemptAt: Date | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO delivery_attempts (delivery_id, attempt, status_code, error, latency_ms) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (delivery_id, attempt) DO NOTHING`,
    [attempt.deliveryId, attempt.attempt, attempt.statusCode, attempt.error, attempt.latencyMs],
  );
  await db.query(
    `UPDATE deliveries SET attempts = $2, status = $3, last_status_code = $4, last_error = $5, last_latency_ms = $6,
       next_attempt_at = $7, lease_until = NULL, finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
     WHERE id = $1`,
    [
      attempt.deliveryId,
      attempt.attempt,
      attempt.status,
      attempt.statusCode,
      attempt.error,
      attempt.latencyMs,
      attempt.nextAttemptAt,
    ],
  );
}

export async function reopenDelivery(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE deliveries SET status = 'pending', next_attempt_at = now(), finished_at = NULL, lease_until = NULL,
       round_start = attempts
     WHERE id = $1 AND status <> 'pending' AND sealed_event IS NOT NULL`,
    [id],
  );
  return rowCount > 0;
}

export async function selectDeliveries(
  db: Queryable,
  filter: {
    projectId: string;
    status?: DeliveryStatus;
    subjectId?: string;
    beforeSequence?: number;
    limit: number;
  },
): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM deliveries
     WHERE project_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR subject_id = $3)
       AND ($4::bigint IS NULL OR sequence < $4)
     ORDER BY sequence DESC LIMIT $5`,
    [
      filter.projectId,
      filter.status ?? null,
      filter.subjectId ?? null,
      filter.beforeSequence ?? null,
      filter.limit,
    ],
  );
  return rows;
}

export interface AttemptRow {
  attempt: number;
  at: Date;
  status_code: number | null;
  error: string | null;
  latency_ms: number;
}

export async function selectAttempts(db: Queryable, deliveryId: string): Promise<AttemptRow[]> {
  const { rows } = await db.query<AttemptRow>(
    'SELECT attempt, at, status_code, error, latency_ms FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt',
    [deliveryId],
  );
  return rows;
}

/** Erases the stored payloads of a subject (GDPR delete): the log of attempts stays, its content goes. */
export async function eraseDeliveryPayloads(db: Queryable, subjectId: string): Promise<number> {
  const { rowCount } = await db.query('UPDATE deliveries SET sealed_event = NULL WHERE subject_id = $1', [
    subjectId,
  ]);
  return rowCount;
}
