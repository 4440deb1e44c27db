import { availableParallelism } from 'node:os';
import type { IdType } from '../engine/documents/types.js';
import type { FaceModelConfig } from '../engine/face/embedder.js';
import { createFaceService, type FaceService } from '../engine/face/face-service.js';
import { EngineError } from '../engine/image/errors.js';
import { createEnginePool, EngineTimeoutError } from '../engine/pool.js';
import type { DocumentReport } from '../engine/report.js';

// The engines as the KYC domain uses them, each on its own worker threads so that no analysis blocks the HTTP
// event loop: document analysis (the engine pipeline: MRZ, visual zone, barcode, classification, checks) and
// faces (the face engine's service). Both load their models once per worker, on first use. Step 1 and the
// Recognition API share them (one set per process, see sharedSubmissions).

/** The API accepts images up to 50 MiB (argos.md §3); pixels stay bounded by the engine's default. */
const API_IMAGE_LIMITS = { maxBytes: 50 * 1024 * 1024, maxPixels: 50_000_000, minSide: 64 } as const;

export interface DocumentAnalyzer {
  /** Rejects with an EngineError: an input code (IMAGE_*), or ENGINE_FAILED (including a timeout). */
  analyze(
    front: Uint8Array,
    back: Uint8Array | undefined,
    requested?: { country: string; idType: IdType },
  ): Promise<DocumentReport>;
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
  // Workers start on first use and leave after ten idle minutes (their models with them).
  const pool = createEnginePool({ threads, lazy: true, idleTimeout: 10 * 60_000 });
  const faces = createFaceService({ threads, ...(options.face ? { model: options.face } : {}) });
  return {
    documents: {
      async analyze(front, back, requested) {
        try {
          const { report } = await pool.analyze(front, {
            ...(back ? { back } : {}),
            ...(requested ? { requested } : {}),
            limits: API_IMAGE_LIMITS,
            timeoutMs: deadline(),
          });
          return report;
        } catch (error) {
          if (error instanceof EngineError) throw error;
          const what = error instanceof EngineTimeoutError ? 'timed out' : 'failed';
          throw new EngineError('ENGINE_FAILED', `document analysis ${what}: ${(error as Error).message}`, {
            cause: error,
          });
        }
      },
    },
    faces,
    async close() {
      await Promise.all([pool.close(), faces.close()]);
    },
  };
}
