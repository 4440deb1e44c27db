import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { FaceModelConfig } from './embedder.js';
import type { FaceSource } from './face-finder.js';
import type { FaceTask } from './face-worker.js';
import { livenessReport } from './liveness-score.js';
import { compareEmbeddings } from './similarity.js';
import type {
  ChallengePrompt,
  ChallengeResult,
  FaceComparison,
  FaceImageReport,
  FaceModelInfo,
  LivenessReport,
} from './types.js';

/** Why a comparison could not be made (LINK reason codes). */
export type MissingFace = 'MISSING_PORTRAIT' | 'MISSING_SELFIE';

export interface FaceMatchReport {
  readonly document: FaceImageReport;
  readonly selfie: FaceImageReport;
  /** null when either face is missing. */
  readonly comparison: FaceComparison | null;
  readonly missing: MissingFace[];
  readonly ms: number;
}

/**
 * The face engine as the rest of the server uses it: inference runs on worker threads (tfjs-wasm inference is
 * synchronous and would otherwise block the event loop for ~100-200 ms per image), models load once per
 * worker, on first use.
 */
export interface FaceService {
  model(): Promise<FaceModelInfo>;
  analyze(image: Uint8Array, source: FaceSource): Promise<FaceImageReport>;
  /** Analyses both images in parallel and compares the portrait with the selfie. */
  matchDocumentToSelfie(document: Uint8Array, selfie: Uint8Array): Promise<FaceMatchReport>;
  /** Compares two images of any kind (the CLI's face-compare): faces are looked for as on documents. */
  compareImages(a: Uint8Array, b: Uint8Array): Promise<FaceMatchReport>;
  challenge(
    frames: Uint8Array[],
    prompt: ChallengePrompt,
    reference?: Float32Array,
  ): Promise<ChallengeResult>;
  close(): Promise<void>;
}

export interface FaceServiceOptions {
  /** Worker threads (default 2: one image of a pair each). Each holds its own models (~150 MB). */
  threads?: number;
  model?: FaceModelConfig;
}

/** The compiled worker next to this module, or (when running from TypeScript sources) the one in dist/. */
function workerFile(): string {
  const here = fileURLToPath(new URL('./face-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const compiled = here.replace(/([\\/])src([\\/]engine[\\/]face[\\/])/, '$1dist$1src$2');
  if (existsSync(compiled)) return compiled;
  throw new Error('face worker not built: run `npm run build`');
}

export function createFaceService(options: FaceServiceOptions = {}): FaceService {
  const threads = Math.max(1, options.threads ?? 2);
  const config = options.model ?? {};
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  const run = <T>(task: FaceTask, transfer: ArrayBuffer[] = []): Promise<T> =>
    pool.run(task, { transferList: transfer }) as Promise<T>;
  let info: Promise<FaceModelInfo> | undefined;
  const model = (): Promise<FaceModelInfo> => {
    info ??= run<FaceModelInfo>({ op: 'info', config });
    return info;
  };
  const analyze = (image: Uint8Array, source: FaceSource): Promise<FaceImageReport> => {
    const bytes = Uint8Array.from(image);
    return run<FaceImageReport>({ op: 'analyze', config, bytes, source }, [bytes.buffer as ArrayBuffer]);
  };
  async function pair(
    a: Uint8Array,
    aSource: FaceSource,
    b: Uint8Array,
    bSource: FaceSource,
  ): Promise<FaceMatchReport> {
    const started = performance.now();
    const [m, ra, rb] = await Promise.all([model(), analyze(a, aSource), analyze(b, bSource)]);
    const missing: MissingFace[] = [];
    if (!ra.analysis.embedding) missing.push('MISSING_PORTRAIT');
    if (!rb.analysis.embedding) missing.push('MISSING_SELFIE');
    const comparison =
      ra.analysis.embedding && rb.analysis.embedding
        ? compareEmbeddings(ra.analysis.embedding, rb.analysis.embedding, m)
        : null;
    return { document: ra, selfie: rb, comparison, missing, ms: Math.round(performance.now() - started) };
  }
  return {
    model,
    analyze,
    matchDocumentToSelfie: (document, selfie) => pair(document, 'document', selfie, 'selfie'),
    compareImages: (a, b) => pair(a, 'document', b, 'document'),
    challenge: (frames, prompt, reference) => {
      const copies = frames.map((f) => Uint8Array.from(f));
      return run<ChallengeResult>(
        { op: 'challenge', config, frames: copies, prompt, ...(reference ? { reference } : {}) },
        copies.map((c) => c.buffer as ArrayBuffer),
      );
    },
    close: () => pool.destroy(),
  };
}

/** The liveness verdict of a selfie report and an optional challenge result (pure, no inference). */
export function livenessOf(selfie: FaceImageReport, challenge: ChallengeResult | null): LivenessReport {
  return livenessReport(selfie.passive, challenge);
}
