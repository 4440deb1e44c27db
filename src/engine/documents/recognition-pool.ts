// Document recognition on worker threads, so that no analysis blocks the HTTP event loop. Each worker
// holds its own models (loaded on its first task); a task that outlives its deadline is aborted.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { EngineError, type EngineErrorCode } from '../image/errors.js';
import type { RecognitionTask, RecognitionTaskResult } from './recognition-worker.js';
import type { Recognition } from './recognize.js';
import type { IdType } from './types.js';

export interface RecognitionPool {
  /** Rejects with an EngineError: an input code (IMAGE_*), ENGINE_FAILED, or ENGINE_TIMEOUT past the deadline. */
  recognize(
    front: Uint8Array,
    back: Uint8Array | undefined,
    options?: { requested?: { country: string; idType: IdType }; timeoutMs?: number; today?: Date },
  ): Promise<Recognition>;
  close(): Promise<void>;
}

export class RecognitionTimeoutError extends Error {
  override name = 'RecognitionTimeoutError';
}

/** The compiled worker next to this module, or (when running from TypeScript sources) the one in dist/. */
function workerFile(): string {
  const here = fileURLToPath(new URL('./recognition-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const compiled = here.replace(/([\\/])src([\\/]engine[\\/]documents[\\/])/, '$1dist$1src$2');
  if (existsSync(compiled)) return compiled;
  throw new Error('recognition worker not built: run `npm run build`');
}

export function createRecognitionPool(options: { threads?: number } = {}): RecognitionPool {
  const threads = Math.max(1, options.threads ?? (Number(process.env.OPENKYC_RECOGNITION_THREADS) || 1));
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 10 * 60_000,
  });
  return {
    async recognize(front, back, { requested, timeoutMs = 60_000, today } = {}) {
      const task: RecognitionTask = {
        front: Uint8Array.from(front),
        ...(back ? { back: Uint8Array.from(back) } : {}),
        ...(requested ? { requested } : {}),
        ...(today ? { today: today.toISOString() } : {}),
      };
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const result = (await pool.run(task, { signal: controller.signal })) as RecognitionTaskResult;
        if (!result.ok) throw new EngineError(result.code as EngineErrorCode, result.message);
        return result.recognition;
      } catch (error) {
        if (controller.signal.aborted)
          throw new RecognitionTimeoutError(`recognition took longer than ${timeoutMs} ms`);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => pool.destroy(),
  };
}
