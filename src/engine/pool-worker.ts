// Worker-thread side of the engine pool: each worker loads opencv and the OCR models once, lazily, and
// runs one analysis at a time (the pool, not ONNX Runtime, spreads work over the cores).
import { workerData } from 'piscina';
import type { IdType } from './documents/types.js';
import { EngineError } from './image/errors.js';
import type { ImageLimits } from './image/limits.js';
import { configureOcrRuntime } from './ocr/sessions.js';
import { analyzeDocument, prepareEngine } from './pipeline.js';
import type { DocumentReport } from './report.js';

export interface WorkerSettings {
  /** ONNX Runtime intra-op threads of this worker. */
  readonly ocrThreads: number;
}

configureOcrRuntime({ threads: (workerData as WorkerSettings | undefined)?.ocrThreads ?? 1 });

export interface AnalyzeTask {
  readonly kind: 'analyze';
  readonly image: Uint8Array;
  readonly back?: Uint8Array;
  /** ISO date for century inference and date checks, when fixed by the caller. */
  readonly today?: string;
  readonly requested?: { readonly country: string; readonly idType: IdType };
  readonly documentStage?: boolean;
  readonly limits?: ImageLimits;
}

export interface WarmTask {
  readonly kind: 'warm';
}

export type TaskResult =
  | { readonly ok: true; readonly report: DocumentReport; readonly ms: number }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly ms: number };

export default async function run(task: AnalyzeTask | WarmTask): Promise<TaskResult | null> {
  if (task.kind === 'warm') {
    await prepareEngine();
    return null;
  }
  const started = performance.now();
  try {
    const report = await analyzeDocument(task.image, {
      ...(task.back ? { back: task.back } : {}),
      ...(task.today ? { today: new Date(task.today) } : {}),
      ...(task.requested ? { requested: task.requested } : {}),
      ...(task.documentStage === false ? { documentStage: false } : {}),
      ...(task.limits ? { limits: task.limits } : {}),
    });
    return { ok: true, report, ms: performance.now() - started };
  } catch (error) {
    const code = error instanceof EngineError ? error.code : 'ENGINE_FAILED';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code, message, ms: performance.now() - started };
  }
}
