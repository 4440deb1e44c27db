import { encryptPayload, payloadKey } from '../crypto/argos-cipher.js';
import { openValue } from '../crypto/sealed-value.js';
import type { Project, Projects } from '../kyc/projects.js';
import type { Logger } from '../log/logger.js';
import type { Database, Queryable } from '../store/database.js';
import {
  claimDelivery,
  type DeliveryRow,
  type DeliveryStatus,
  recordAttempt,
  selectFirstOpenDelivery,
  selectStrandedDeliveries,
} from '../store/deliveries-store.js';
import { checkCallbackUrl, OutboundError, type OutboundPolicy } from './outbound-policy.js';
import {
  type AttemptJob,
  DELIVER_QUEUE,
  type OutboundEvent,
  type OutboxDeps,
  sendAttemptJob,
} from './outbox.js';
import { nextRetryDelayMs } from './retry-schedule.js';
import { safePost } from './safe-post.js';
import { signatureOf } from './signing.js';

/** Turns an event into the wire body for a project; registered per event kind by the HTTP edge. */
export interface PayloadBuilder {
  build(event: OutboundEvent, project: Project): object;
  /** Whether the project's secureTransfer wraps it as {"data": enc(body)} (webhooks yes, callbacks no). */
  readonly encryptable: boolean;
  /** Whether the destination must be https unless the project allows insecure webhooks. */
  readonly requireHttps: boolean;
}

export interface DeliveryWorkerDeps extends OutboxDeps {
  readonly db: Database;
  readonly projects: Projects;
  readonly logger: Logger;
  readonly policy: OutboundPolicy;
  readonly retryBaseMs: number;
  readonly builders: Readonly<Record<string, PayloadBuilder>>;
}

const LEASE_MS = 20_000;
const STRANDED_GRACE_MS = 5 * 60_000;

interface AttemptOutcome {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly latencyMs: number;
}

function statusAfter(outcome: AttemptOutcome): DeliveryStatus | 'retry' {
  if (outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300)
    return 'delivered';
  if (outcome.statusCode === 410) return 'gone';
  return 'retry';
}

async function payloadCipher(deps: DeliveryWorkerDeps, project: Project) {
  const { encryption } = project.settings;
  if (encryption.keySource === 'secretKey') {
    const { secretKey } = await deps.projects.secrets(project.id);
    if (!secretKey) throw new OutboundError('secure transfer needs the project secretKey, which is not set');
    return { key: payloadKey(secretKey), algorithm: encryption.algorithm };
  }
  const [key] = await deps.projects.apiKeyEncryptionKeys(project.id);
  if (!key) throw new OutboundError('secure transfer needs an active API key');
  return { key, algorithm: encryption.algorithm };
}

/** Builds, signs and posts one attempt; never throws for the receiver's or the network's failures. */
async function attempt(deps: DeliveryWorkerDeps, delivery: DeliveryRow): Promise<AttemptOutcome> {
  const started = performance.now();
  try {
    if (!delivery.sealed_event) throw new OutboundError('the payload was erased');
    const event = JSON.parse(
      openValue(delivery.sealed_event, deps.keyring.personalData, `delivery:${delivery.id}`),
    ) as OutboundEvent;
    const project = await deps.projects.get(delivery.project_id);
    const builder = deps.builders[delivery.kind];
    if (!project || !builder) throw new OutboundError(`nothing builds "${delivery.kind}" events`);
    const url = checkCallbackUrl(delivery.url, {
      requireHttps: builder.requireHttps && !project.settings.allowInsecureWebhooks,
    });
    let body: object = builder.build(event, project);
    if (builder.encryptable && project.settings.secureTransfer) {
      const cipher = await payloadCipher(deps, project);
      body = { data: encryptPayload(body, cipher.key, cipher.algorithm) };
    }
    const rawBody = JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000);
    const { webhookSigningSecret } = await deps.projects.secrets(project.id);
    const result = await safePost(
      url,
      rawBody,
      {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'openkyc-webhook/1',
        'x-openkyc-event': delivery.event,
        'x-openkyc-delivery': delivery.id,
        'x-openkyc-attempt': String(delivery.attempts + 1),
        'x-openkyc-timestamp': String(timestamp),
        'x-openkyc-signature': signatureOf(webhookSigningSecret, timestamp, rawBody),
      },
      deps.policy,
    );
    return { statusCode: result.statusCode, error: null, latencyMs: result.latencyMs };
  } catch (error) {
    if (!(error instanceof OutboundError))
      deps.logger.error({ err: error, delivery: delivery.id }, 'delivery attempt failed');
    const message = error instanceof Error ? error.message : String(error);
    return {
      statusCode: null,
      error: message.slice(0, 500),
      latencyMs: Math.round(performance.now() - started),
    };
  }
}

async function releaseNextInOrder(
  tx: Queryable,
  deps: DeliveryWorkerDeps,
  orderingKey: string,
): Promise<void> {
  const next = await selectFirstOpenDelivery(tx, orderingKey);
  if (next) await sendAttemptJob(deps, { deliveryId: next.id, attempts: next.attempts }, tx);
}

export async function runAttemptJob(deps: DeliveryWorkerDeps, job: AttemptJob): Promise<void> {
  const delivery = await claimDelivery(deps.db, job.deliveryId, job.attempts, LEASE_MS);
  if (!delivery) return; // stale, duplicate, finished, or another worker holds it
  if (delivery.ordering_key) {
    const first = await selectFirstOpenDelivery(deps.db, delivery.ordering_key);
    if (first && first.id !== delivery.id) {
      await deps.db.query('UPDATE deliveries SET lease_until = NULL WHERE id = $1', [delivery.id]);
      return; // its predecessor releases it when done
    }
  }
  const outcome = await attempt(deps, delivery);
  const attemptNumber = delivery.attempts + 1;
  const after = statusAfter(outcome);
  const delay =
    after === 'retry' ? nextRetryDelayMs(attemptNumber - delivery.round_start, deps.retryBaseMs) : undefined;
  const status: DeliveryStatus = after === 'retry' ? (delay === undefined ? 'failed' : 'pending') : after;
  const nextAttemptAt = delay === undefined ? null : new Date(Date.now() + delay);
  await deps.db.transaction(async (tx) => {
    if (delivery.ordering_key) {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`delivery:${delivery.ordering_key}`]);
    }
    await recordAttempt(tx, {
      deliveryId: delivery.id,
      attempt: attemptNumber,
      statusCode: outcome.statusCode,
      error: outcome.error,
      latencyMs: outcome.latencyMs,
      status,
      nextAttemptAt,
    });
    if (status === 'pending' && nextAttemptAt) {
      await sendAttemptJob(deps, { deliveryId: delivery.id, attempts: attemptNumber }, tx, nextAttemptAt);
    } else if (delivery.ordering_key) {
      await releaseNextInOrder(tx, deps, delivery.ordering_key);
    }
  });
  if (status === 'failed') {
    deps.logger.warn(
      { delivery: delivery.id, event: delivery.event, attempts: attemptNumber },
      'delivery dead-lettered',
    );
  }
}

/**
 * Runs delivery attempts in this process, and every minute sends again the job of any open delivery whose
 * attempt is long overdue and unclaimed (a job lost with a crashed process).
 */
export async function startDeliveryWorker(deps: DeliveryWorkerDeps, options: { concurrency?: number } = {}) {
  await deps.jobs.createQueue(DELIVER_QUEUE);
  await deps.jobs.work<AttemptJob>(DELIVER_QUEUE, { concurrency: options.concurrency ?? 64 }, (job) =>
    runAttemptJob(deps, job.data),
  );
  const sweep = async () => {
    try {
      const stranded = await selectStrandedDeliveries(deps.db, STRANDED_GRACE_MS, 500);
      for (const delivery of stranded) {
        const first = delivery.ordering_key
          ? await selectFirstOpenDelivery(deps.db, delivery.ordering_key)
          : delivery;
        if (first?.id !== delivery.id) continue;
        await sendAttemptJob(deps, { deliveryId: delivery.id, attempts: delivery.attempts }, deps.db);
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'delivery sweep failed');
    }
  };
  const timer = setInterval(() => void sweep(), 60_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
