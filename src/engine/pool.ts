// A pool of worker threads running the engine off the main event loop. Models load once per worker on
// first use. Each worker runs ONNX Runtime with the cores it has to itself (cores / workers, at least one),
// so N workers use the machine without oversubscribing it.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { IdType } from './documents/types.js';
import { EngineError, type EngineErrorCode } from './image/errors.js';
import type { ImageLimits } from './image/limits.js';
import type { AnalyzeTask, TaskResult, WorkerSettings } from './pool-worker.js';
import type { DocumentReport } from './report.js';

export interface EnginePoolOptions {
  /** Worker threads (default: the number of cores). */
  readonly threads?: number;
  /** Milliseconds an idle worker is kept (default: forever, models stay loaded). */
  readonly idleTimeout?: number;
  /** Start the workers on first use rather than at once (default: at once). */
  readonly lazy?: boolean;
}

export interface AnalyzeRequest {
  readonly back?: Uint8Array;
  readonly today?: Date;
  /** The document the caller expects (see AnalyzeOptions.requested). */
  readonly requested?: { readonly country: string; readonly idType: IdType };
  /** false: MRZ only. */
  readonly documentStage?: boolean;
  /** Bounds on the images (default: the engine's). */
  readonly limits?: ImageLimits;
  /** Past this many milliseconds the analysis is abandoned with an EngineTimeoutError. */
  readonly timeoutMs?: number;
}

/** The analysis outlived its deadline (the worker running it is replaced). */
export class EngineTimeoutError extends Error {
  override name = 'EngineTimeoutError';
}

export interface EnginePool {
  /** Resolves with the report; rejects with an EngineError carrying its code, or an EngineTimeoutError. */
  analyze(image: Uint8Array, request?: AnalyzeRequest): Promise<{ report: DocumentReport; ms: number }>;
  /** Loads models in every worker now rather than on the first request. */
  warm(): Promise<void>;
  readonly threads: number;
  close(): Promise<void>;
}

/** The compiled worker next to this module, or (when running from TypeScript sources) the one in dist/. */
function workerFile(): string {
  const here = fileURLToPath(new URL('./pool-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const compiled = here.replace(/([\\/])src([\\/]engine[\\/])/, '$1dist$1src$2');
  if (existsSync(compiled)) return compiled;
  throw new Error('engine worker not built: run `npm run build`');
}

export function createEnginePool(options: EnginePoolOptions = {}): EnginePool {
  const cores = availableParallelism();
  const threads = Math.max(1, options.threads ?? cores);
  const settings: WorkerSettings = {
    ocrThreads: Number(process.env.OPENKYC_WORKER_OCR_THREADS) || Math.max(1, Math.floor(cores / threads)),
  };
  const piscina = new Piscina({
    filename: workerFile(),
    minThreads: options.lazy ? 0 : threads,
    maxThreads: threads,
    idleTimeout: options.idleTimeout ?? Number.POSITIVE_INFINITY,
    workerData: settings,
  });
  return {
    threads,
    async analyze(image, request = {}) {
      const task: AnalyzeTask = {
        kind: 'analyze',
        image,
        ...(request.back ? { back: request.back } : {}),
        ...(request.today ? { today: request.today.toISOString() } : {}),
        ...(request.requested ? { requested: request.requested } : {}),
        ...(request.documentStage === false ? { documentStage: false } : {}),
        ...(request.limits ? { limits: request.limits } : {}),
      };
      const controller = new AbortController();
      const timer =
        request.timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(), request.timeoutMs);
      try {
        const result = (await piscina.run(task, { signal: controller.signal })) as TaskResult;
        if (!result.ok) throw new EngineError(result.code as EngineErrorCode, result.message);
        return { report: result.report, ms: result.ms };
      } catch (error) {
        if (controller.signal.aborted)
          throw new EngineTimeoutError(`document analysis took longer than ${request.timeoutMs} ms`);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    async warm() {
      await Promise.all(Array.from({ length: threads }, () => piscina.run({ kind: 'warm' })));
    },
    async close() {
      await piscina.destroy();
    },
  };
}
