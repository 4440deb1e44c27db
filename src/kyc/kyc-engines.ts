import { availableParallelism } from 'node:os';
import { createRecognitionPool, RecognitionTimeoutError } from '../engine/documents/recognition-pool.js';
import type { Recognition } from '../engine/documents/recognize.js';
import type { IdType } from '../engine/documents/types.js';
import type { FaceModelConfig } from '../engine/face/embedder.js';
import { createFaceService, type FaceService } from '../engine/face/face-service.js';
import { EngineError } from '../engine/image/errors.js';

// The engines as the KYC domain uses them, each on its own worker threads so that no analysis blocks the HTTP
// event loop: document recognition (MRZ, visual zone, barcode, classification) and faces (the face engine's
// service). Both load their models once per worker, on first use.

export interface DocumentAnalyzer {
  /** Rejects with an EngineError: an input code (IMAGE_*), or ENGINE_FAILED (including a timeout). */
  analyze(
    front: Uint8Array,
    back: Uint8Array | undefined,
    requested?: { country: string; idType: IdType },
  ): Promise<Recognition>;
}

export interface KycEngines {
  readonly documents: DocumentAnalyzer;
  readonly faces: FaceService;
  close(): Promise<void>;
}

export interface KycEngineOptions {
  readonly threads?: number;
  readonly face?: FaceModelConfig;
  /**
   * Longest a recognition may take before it counts as an engine failure (argos.md §3: 60 s). Default: the
   * recognition API's OPENKYC_RECOGNITION_TIMEOUT_MS (read at each call; shorter only in tests), else 60 s.
   */
  readonly timeoutMs?: number;
}

export function createKycEngines(options: KycEngineOptions = {}): KycEngines {
  const threads = Math.max(1, options.threads || availableParallelism());
  const deadline = () => options.timeoutMs ?? (Number(process.env.OPENKYC_RECOGNITION_TIMEOUT_MS) || 60_000);
  const recognition = createRecognitionPool({ threads });
  const faces = createFaceService({ threads, ...(options.face ? { model: options.face } : {}) });
  return {
    documents: {
      async analyze(front, back, requested) {
        try {
          return await recognition.recognize(front, back, {
            ...(requested ? { requested } : {}),
            timeoutMs: deadline(),
          });
        } catch (error) {
          if (error instanceof EngineError) throw error;
          const what = error instanceof RecognitionTimeoutError ? 'timed out' : 'failed';
          throw new EngineError(
            'ENGINE_FAILED',
            `document recognition ${what}: ${(error as Error).message}`,
            {
              cause: error,
            },
          );
        }
      },
    },
    faces,
    async close() {
      await Promise.all([recognition.close(), faces.close()]);
    },
  };
}
