// A pool of worker threads running the engine off the main event loop. Models load once per worker on
// first use. Each worker runs ONNX Runtime single-threaded, so N workers use N cores.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { EngineError, type EngineErrorCode } from './image/errors.js';
import type { AnalyzeTask, TaskResult } from './pool-worker.js';
import type { DocumentReport } from './report.js';

export interface EnginePoolOptions {
  /** Worker threads (default: the number of cores). */
  readonly threads?: number;
  /** Milliseconds an idle worker is kept (default: forever, models stay loaded). */
  readonly idleTimeout?: number;
}

export interface AnalyzeRequest {
  readonly back?: Uint8Array;
  readonly today?: Date;
}

export interface EnginePool {
  /** Resolves with the report, or rejects with an EngineError carrying its code. */
  analyze(image: Uint8Array, request?: AnalyzeRequest): Promise<{ report: DocumentReport; ms: number }>;
  /** Loads models in every worker now rather than on the first request. */
  warm(): Promise<void>;
  readonly threads: number;
  close(): Promise<void>;
}

export function createEnginePool(options: EnginePoolOptions = {}): EnginePool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const piscina = new Piscina({
    filename: new URL('./pool-worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: options.idleTimeout ?? Number.POSITIVE_INFINITY,
  });
  return {
    threads,
    async analyze(image, request = {}) {
      const task: AnalyzeTask = {
        kind: 'analyze',
        image,
        ...(request.back ? { back: request.back } : {}),
        ...(request.today ? { today: request.today.toISOString() } : {}),
      };
      const result = (await piscina.run(task)) as TaskResult;
      if (!result.ok) throw new EngineError(result.code as EngineErrorCode, result.message);
      return { report: result.report, ms: result.ms };
    },
    async warm() {
      await Promise.all(Array.from({ length: threads }, () => piscina.run({ kind: 'warm' })));
    },
    async close() {
      await piscina.destroy();
    },
  };
}
