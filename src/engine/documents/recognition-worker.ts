// Worker-thread entry of the recognition pool: opencv and the OCR models load once per thread, on the
// first task; every task is one recognition of a front (and back) image.
import { EngineError } from '../image/errors.js';
import { configureOcrRuntime } from '../ocr/sessions.js';
import { type Recognition, type RecognizeOptions, recognizeDocument } from './recognize.js';
import type { IdType } from './types.js';

configureOcrRuntime({ threads: Number(process.env.OPENKYC_RECOGNITION_OCR_THREADS) || 2 });

export interface RecognitionTask {
  readonly front: Uint8Array;
  readonly back?: Uint8Array;
  readonly requested?: { readonly country: string; readonly idType: IdType };
  /** ISO date, when fixed by the caller (tests). */
  readonly today?: string;
}

export type RecognitionTaskResult =
  | { readonly ok: true; readonly recognition: Recognition }
  | { readonly ok: false; readonly code: string; readonly message: string };

export default async function run(task: RecognitionTask): Promise<RecognitionTaskResult> {
  try {
    const options: RecognizeOptions = {
      ...(task.requested ? { requested: task.requested } : {}),
      ...(task.today ? { today: new Date(task.today) } : {}),
      // The API enforces its own 50 MiB per image; pixels stay bounded by the engine's default.
      limits: { maxBytes: 50 * 1024 * 1024, maxPixels: 50_000_000, minSide: 64 },
    };
    return { ok: true, recognition: await recognizeDocument(task.front, task.back, options) };
  } catch (error) {
    const code = error instanceof EngineError ? error.code : 'ENGINE_FAILED';
    return { ok: false, code, message: error instanceof Error ? error.message : String(error) };
  }
}
