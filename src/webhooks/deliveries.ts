import type { Database } from '../store/database.js';
import {
  type DeliveryRow,
  type DeliveryStatus,
  reopenDelivery,
  selectAttempts,
  selectDeliveries,
  selectDelivery,
  selectFirstOpenDelivery,
} from '../store/deliveries-store.js';
import { enqueueDelivery, type OutboxDeps, sendAttemptJob } from './outbox.js';

export interface DeliveryView {
  readonly id: string;
  readonly kind: string;
  readonly event: string;
  readonly url: string;
  readonly subjectId: string | null;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly lastLatencyMs: number | null;
  readonly nextAttemptAt: Date | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
  readonly sequence: number;
  readonly payloadErased: boolean;
}

function view(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    kind: row.kind,
    event: row.event,
    url: row.url,
    subjectId: row.subject_id,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastLatencyMs: row.last_latency_ms,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    sequence: row.sequence,
    payloadErased: row.sealed_event === null,
  };
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/** The operator's view of deliveries: the log per project, one delivery with its attempts, redelivery. */
export function createDeliveries(db: Database, deps: OutboxDeps) {
  return {
    async list(filter: {
      projectId: string;
      status?: DeliveryStatus;
      subjectId?: string;
      beforeSequence?: number;
      limit?: number;
    }): Promise<DeliveryView[]> {
      return (await selectDeliveries(db, { ...filter, limit: Math.min(filter.limit ?? 100, 1000) })).map(
        view,
      );
    },

    async get(projectId: string, id: string) {
      const row = await selectDelivery(db, id);
      if (!row || row.project_id !== projectId) return undefined;
      const attempts = await selectAttempts(db, id);
      return {
        ...view(row),
        attemptLog: attempts.map((attempt) => ({
          attempt: attempt.attempt,
          at: attempt.at,
          statusCode: attempt.status_code,
          error: attempt.error,
          latencyMs: attempt.latency_ms,
        })),
      };
    },

    /** Opens a finished delivery again for a fresh round of attempts (same id, so receivers can de-duplicate). */
    async redeliver(projectId: string, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await selectDelivery(tx, id, true);
        if (!row || row.project_id !== projectId) throw new DeliveryError('no such delivery');
        if (row.status === 'pending') throw new DeliveryError('the delivery is still pending');
        if (row.sealed_event === null) throw new DeliveryError('its payload was erased with its subject');
        if (row.ordering_key)
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`delivery:${row.ordering_key}`]);
        if (!(await reopenDelivery(tx, id))) throw new DeliveryError('the delivery cannot be reopened');
        const first = row.ordering_key ? await selectFirstOpenDelivery(tx, row.ordering_key) : undefined;
        if (!row.ordering_key || first?.id === id) {
          await sendAttemptJob(deps, { deliveryId: id, attempts: row.attempts }, tx);
        }
      });
    },

    enqueue: enqueueDelivery,
  };
}

export type Deliveries = ReturnType<typeof createDeliveries>;
