import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import { newId } from '../../crypto/random-id.js';
import { isEngineError } from '../../engine/image/errors.js';
import {
  claimRecognitionTransaction,
  finishRecognitionTransaction,
  insertRecognitionTransaction,
  purgeRecognitionTransactions,
  type RecognitionImages,
} from '../../store/recognition-transactions-store.js';
import { enqueueDelivery } from '../../webhooks/outbox.js';
import {
  type RecognitionErrorCode,
  RecognitionRefusal,
  recognitionErrorBody,
  recognitionHttpError,
} from './recognition-errors.js';
import { parseRecognitionRequest, type RecognitionRequest } from './recognition-request.js';
import { recognitionResult } from './recognition-response.js';
import { submissionsOf } from './submissions-routes.js';

// POST /modules/recognition (argos.md §3): synchronous, or asynchronous with a callback. The asynchronous
// request is a durable job (its images kept encrypted in the blob store until it has run), and its result
// a durable callback written in the same transaction that records the outcome.

const PATH = '/modules/recognition';
const QUEUE = 'recognition.run';
/** 140 MiB (argos.md §1.3). */
const BODY_LIMIT = 140 * 1024 * 1024;

type Outcome =
  | { readonly ok: true; readonly result: ReturnType<typeof recognitionResult>; readonly ms: number }
  | { readonly ok: false; readonly code: RecognitionErrorCode; readonly ms: number; readonly detail: string };

/** Engine refusals that mean the upload is not a usable image (step 7), the rest are engine failures. */
const imageCodes = new Set([
  'IMAGE_EMPTY',
  'IMAGE_TOO_LARGE',
  'IMAGE_UNSUPPORTED_FORMAT',
  'IMAGE_DECODE_FAILED',
]);

export function recognitionRoutes(app: App) {
  return async function routes(scope: FastifyInstance): Promise<void> {
    // The engine pool Step 1 uses too (one per process; the submissions domain closes it). Its deadline,
    // sync or async (argos.md §3), is OPENKYC_RECOGNITION_TIMEOUT_MS (shorter only in tests); a deadline
    // passed is an ENGINE_FAILED like any other engine failure, 1003.
    const engines = submissionsOf(app).context.engines;
    const ENGINE_TIMEOUT_MS = Number(process.env.OPENKYC_RECOGNITION_TIMEOUT_MS) || 60_000;

    async function runEngine(
      request: Pick<RecognitionRequest, 'front' | 'back' | 'issuingCountry' | 'idType'>,
    ): Promise<Outcome> {
      const started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started);
      try {
        const report = await engines.documents.analyze(request.front, request.back, {
          country: request.issuingCountry,
          idType: request.idType,
        });
        const recognition = report.recognition;
        if (!recognition) throw new Error('the document stage did not run');
        if (!recognition.recognised.front)
          return {
            ok: false,
            code: '1011',
            ms: elapsed(),
            detail: recognition.recognised.reason ?? 'front not recognised',
          };
        if (recognition.recognised.back === false)
          return {
            ok: false,
            code: '1012',
            ms: elapsed(),
            detail: recognition.recognised.reason ?? 'back not recognised',
          };
        return { ok: true, result: recognitionResult(report, request.idType), ms: elapsed() };
      } catch (error) {
        if (isEngineError(error) && imageCodes.has(error.code))
          return { ok: false, code: '1013', ms: elapsed(), detail: error.code };
        if (isEngineError(error) && error.code === 'IMAGE_TOO_SMALL')
          return { ok: false, code: '1011', ms: elapsed(), detail: error.code };
        app.logger.error({ err: error }, 'recognition engine failed');
        return { ok: false, code: '1003', ms: elapsed(), detail: 'engine failure' };
      }
    }

    async function runQueued(transactionId: string): Promise<void> {
      const row = await claimRecognitionTransaction(app.db, transactionId);
      if (!row?.images || !row.callback_url) return;
      const images: RecognitionImages = row.images;
      let outcome: Outcome;
      try {
        const front = await app.blobs.get(images.front);
        const back = images.back ? await app.blobs.get(images.back) : undefined;
        outcome = await runEngine({
          front,
          ...(back ? { back } : {}),
          issuingCountry: row.issuing_country ?? '',
          idType: (row.id_type ?? 'government_id') as RecognitionRequest['idType'],
        });
      } catch (error) {
        app.logger.error({ err: error, transactionId }, 'recognition images could not be read');
        outcome = { ok: false, code: '1003', ms: 0, detail: 'images unavailable' };
      }
      const body = outcome.ok
        ? { statusCode: 200, apiType: 'id_recognition', transactionId, result: outcome.result }
        : recognitionErrorBody(outcome.code, transactionId);
      await app.db.transaction(async (tx) => {
        await finishRecognitionTransaction(tx, transactionId, {
          status: outcome.ok ? 'succeeded' : 'failed',
          errorCode: outcome.ok ? null : outcome.code,
          ms: outcome.ms,
        });
        await enqueueDelivery(tx, app, {
          projectId: row.project_id,
          url: row.callback_url!,
          event: { kind: 'prebuilt', event: 'recognition', data: body },
          subjectId: transactionId,
        });
      });
      // The images are discarded once the outcome is recorded (argos.md §3).
      await app.blobs.delete(images.front.id);
      if (images.back) await app.blobs.delete(images.back.id);
      app.logger.info(
        { transactionId, errorCode: outcome.ok ? null : outcome.code, ms: outcome.ms },
        'recognition done',
      );
    }

    await app.jobs.createQueue(QUEUE);
    await app.jobs.work<{ transactionId: string }>(QUEUE, { concurrency: 1 }, (job) =>
      runQueued(job.data.transactionId),
    );

    scope.post(
      PATH,
      {
        bodyLimit: BODY_LIMIT,
        config: { allowSuspendedProject: true },
        schema: {
          tags: ['recognition'],
          summary: 'Global ID recognition: read a document image (sync, or async with callbackUrl)',
          security: [{ apiKey: [] }],
        },
      },
      async (request: FastifyRequest, reply) => {
        const transactionId = newId();
        const project = request.caller!.project;
        let parsed: RecognitionRequest;
        try {
          if (project.status === 'suspended' || !project.settings.recognitionEnabled)
            throw new RecognitionRefusal('1001', 'the project is suspended or recognition is disabled');
          parsed = parseRecognitionRequest(request.body);
        } catch (error) {
          if (!(error instanceof RecognitionRefusal)) throw error;
          await record(transactionId, project.id, 'sync', error.code, null);
          request.log.info({ transactionId, errorCode: error.code }, 'recognition refused');
          throw recognitionHttpError(error.code, transactionId);
        }
        await purgeRecognitionTransactions(app.db).catch(() => 0);

        if (parsed.callbackUrl) {
          const front = await app.blobs.put(parsed.front);
          const back = parsed.back ? await app.blobs.put(parsed.back) : undefined;
          const images: RecognitionImages = {
            front: { id: front.id, sha256: front.sha256 },
            ...(back ? { back: { id: back.id, sha256: back.sha256 } } : {}),
          };
          await app.db.transaction(async (tx) => {
            await insertRecognitionTransaction(tx, {
              id: transactionId,
              projectId: project.id,
              mode: 'async',
              status: 'queued',
              issuingCountry: parsed.issuingCountry,
              idType: parsed.idType,
              callbackUrl: parsed.callbackUrl,
              images,
            });
            await app.jobs.send(
              QUEUE,
              { transactionId },
              {
                retryLimit: 3,
                retryDelaySeconds: 5,
                expireInSeconds: Math.ceil(ENGINE_TIMEOUT_MS / 1000) + 120,
              },
              tx,
            );
          });
          return reply.send({
            transactionId,
            message: `request has been successfully received. The response will be sent to ${parsed.callbackUrl}`,
          });
        }

        await insertRecognitionTransaction(app.db, {
          id: transactionId,
          projectId: project.id,
          mode: 'sync',
          status: 'processing',
          issuingCountry: parsed.issuingCountry,
          idType: parsed.idType,
        });
        const outcome = await runEngine(parsed);
        await finishRecognitionTransaction(app.db, transactionId, {
          status: outcome.ok ? 'succeeded' : 'failed',
          errorCode: outcome.ok ? null : outcome.code,
          ms: outcome.ms,
        });
        request.log.info(
          { transactionId, errorCode: outcome.ok ? null : outcome.code, ms: outcome.ms },
          'recognition done',
        );
        if (!outcome.ok) throw recognitionHttpError(outcome.code, transactionId);
        return reply.send({ apiType: 'id_recognition', transactionId, result: outcome.result });
      },
    );

    async function record(
      id: string,
      projectId: string,
      mode: 'sync' | 'async',
      code: RecognitionErrorCode,
      callbackUrl: string | null,
    ): Promise<void> {
      await insertRecognitionTransaction(app.db, {
        id,
        projectId,
        mode,
        status: 'failed',
        errorCode: code,
        callbackUrl,
      }).catch((error: unknown) =>
        app.logger.error({ err: error }, 'recording a refused recognition failed'),
      );
    }
  };
}
