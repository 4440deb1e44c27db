import crypto from 'node:crypto';
import type { Keyring } from '../crypto/keyring.js';
import { sealValue } from '../crypto/sealed-value.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Queryable } from '../store/database.js';
import { insertDelivery, selectFirstOpenDelivery } from '../store/deliveries-store.js';

export const DELIVER_QUEUE = 'delivery.attempt';

/**
 * What happened, in the domain's own words. `kind` picks the payload builder that turns it into the wire body
 * at delivery time (the vendor shapes live at the HTTP edge); `event` is the trigger name receivers see.
 */
export interface OutboundEvent {
  readonly kind: string;
  readonly event: string;
  readonly data: unknown;
}

export interface DeliveryRequest {
  readonly projectId: string;
  readonly url: string;
  readonly event: OutboundEvent;
  /** Deliveries with the same key go out one after another, in the order they were enqueued. */
  readonly orderingKey?: string;
  /** The submission (or transaction) it is about: its payloads are erased with it. */
  readonly subjectId?: string;
}

export interface AttemptJob {
  readonly deliveryId: string;
  /** Attempts already made when this job was sent: a stale job (the count moved on) does nothing. */
  readonly attempts: number;
}

export interface OutboxDeps {
  readonly jobs: JobQueue;
  readonly keyring: Keyring;
}

/** Job options of an attempt: pg-boss only retries a job whose worker died; HTTP failures are ours to schedule. */
export const ATTEMPT_JOB_OPTIONS = { retryLimit: 20, retryDelaySeconds: 1, expireInSeconds: 30 } as const;

export function sendAttemptJob(
  deps: OutboxDeps,
  job: AttemptJob,
  tx: Queryable,
  startAfter?: Date,
): Promise<unknown> {
  return deps.jobs.send(
    DELIVER_QUEUE,
    job,
    { ...ATTEMPT_JOB_OPTIONS, ...(startAfter ? { startAfter } : {}) },
    tx,
  );
}

/**
 * Writes a delivery and its first attempt job in the caller's transaction (the outbox): if the state change
 * commits, the delivery exists and will be attempted; if it rolls back, nothing is sent. The event is sealed:
 * payloads carry personal data.
 */
export async function enqueueDelivery(
  tx: Queryable,
  deps: OutboxDeps,
  request: DeliveryRequest,
): Promise<string> {
  const id = crypto.randomUUID();
  if (request.orderingKey) {
    // Serialises with the worker that finishes the previous delivery of this key, so one of the two always
    // sends the job of the next (argos.md §15.6: order is kept per submission).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`delivery:${request.orderingKey}`]);
  }
  await insertDelivery(tx, {
    id,
    projectId: request.projectId,
    orderingKey: request.orderingKey ?? null,
    subjectId: request.subjectId ?? null,
    kind: request.event.kind,
    event: request.event.event,
    url: request.url,
    sealedEvent: sealValue(JSON.stringify(request.event), deps.keyring.personalData, `delivery:${id}`),
  });
  const first = request.orderingKey ? await selectFirstOpenDelivery(tx, request.orderingKey) : undefined;
  if (!request.orderingKey || first?.id === id)
    await sendAttemptJob(deps, { deliveryId: id, attempts: 0 }, tx);
  return id;
}
