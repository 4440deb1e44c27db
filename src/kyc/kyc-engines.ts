import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { FaceModelConfig } from '../engine/face/embedder.js';
import { createFaceService, type FaceService } from '../engine/face/face-service.js';
import { EngineError, type EngineErrorCode } from '../engine/image/errors.js';
import type { AnalyzeTask, TaskResult } from '../engine/pool-worker.js';
import type { DocumentReport } from '../engine/report.js';

// The engines as the KYC domain uses them, each on its own worker threads so that no analysis blocks the HTTP
// event loop: document reading (the engine's pool worker: MRZ today, barcode and visual zone as they land) and
// faces (the face engine's service). Both load their models once per worker, on first use.

export interface DocumentAnalyzer {
  /** Rejects with an EngineError (its code says whether the input or the engine failed). */
  analyze(front: Uint8Array, back?: Uint8Array): Promise<DocumentReport>;
}

export interface KycEngines {
  readonly documents: DocumentAnalyzer;
  readonly faces: FaceService;
  close(): Promise<void>;
}

export interface KycEngineOptions {
  readonly threads?: number;
  readonly face?: FaceModelConfig;
  /** Longest an analysis may take before it counts as an engine failure (argos.md §3: 60 s). */
  readonly timeoutMs?: number;
}

/** The engine's worker module: next to its sources when compiled, else the compiled copy in dist/. */
function documentWorkerFile(): string {
  const here = fileURLToPath(new URL('../engine/pool-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const compiled = here.replace(/([\\/])src([\\/]engine[\\/])/, '$1dist$1src$2');
  if (existsSync(compiled)) return compiled;
  throw new Error('document engine worker not built: run `npm run build`');
}

export function createKycEngines(options: KycEngineOptions = {}): KycEngines {
  const threads = Math.max(1, options.threads || availableParallelism());
  const timeoutMs = options.timeoutMs ?? 60_000;
  let pool: Piscina | undefined;
  const documentPool = (): Piscina => {
    pool ??= new Piscina({
      filename: documentWorkerFile(),
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 10 * 60_000,
    });
    return pool;
  };
  const faces = createFaceService({ threads, ...(options.face ? { model: options.face } : {}) });

  return {
    documents: {
      async analyze(front, back) {
        const task: AnalyzeTask = { kind: 'analyze', image: front, ...(back ? { back } : {}) };
        let result: TaskResult;
        try {
          result = (await documentPool().run(task, { signal: AbortSignal.timeout(timeoutMs) })) as TaskResult;
        } catch (error) {
          throw new EngineError('ENGINE_FAILED', `document analysis failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        if (!result.ok) throw new EngineError(result.code as EngineErrorCode, result.message);
        return result.report;
      },
    },
    faces,
    async close() {
      await Promise.all([pool?.destroy(), faces.close()]);
    },
  };
}
