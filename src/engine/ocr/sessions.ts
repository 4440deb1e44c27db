// ONNX Runtime sessions, created once per process (or worker thread) on first use and then shared.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { EngineError } from '../image/errors.js';
import { foldElementwiseTails } from './graph-folding.js';
import { bundledModelFiles, type OcrModelFiles } from './models.js';

export type ModelName = 'detection' | 'recognition' | 'orientation';

export interface OcrRuntimeOptions {
  /** Threads one inference may use; 1 when several workers share the cores. */
  readonly threads?: number;
  readonly files?: OcrModelFiles;
  /**
   * Fold the exports' element-wise tails into their convolutions at load (graph-folding.ts; same outputs to
   * float rounding, ~20% faster runs). Default true; false loads the files as they are.
   */
  readonly foldGraphs?: boolean;
  /**
   * Let idle intra-op threads spin for work (ONNX Runtime's default). Default false: on a machine whose cores
   * are shared (other workers, the HTTP server, the database) spinning threads burn the cores the others need;
   * 4 runs of a 48x480 line with 2 threads took 407 ms spinning and 286 ms not (CPU 192 and 138 ms) at load ~16.
   */
  readonly spinning?: boolean;
}

/** The models whose graphs are folded; the orientation classifier's runs are too small to gain. */
const folded: ReadonlySet<ModelName> = new Set(['detection', 'recognition']);

let runtimeOptions: OcrRuntimeOptions = {};
const sessions = new Map<ModelName, Promise<ort.InferenceSession>>();
let dictionary: readonly string[] | undefined;

/** Must be called before the first inference to take effect. */
export function configureOcrRuntime(options: OcrRuntimeOptions): void {
  runtimeOptions = { ...runtimeOptions, ...options };
}

export function modelFiles(): OcrModelFiles {
  return runtimeOptions.files ?? bundledModelFiles();
}

export function session(name: ModelName): Promise<ort.InferenceSession> {
  let pending = sessions.get(name);
  if (!pending) {
    const path = modelFiles()[name];
    const threads = runtimeOptions.threads ?? defaultThreads();
    const options: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      ...(threads > 1 && !runtimeOptions.spinning
        ? { extra: { session: { intra_op: { allow_spinning: '0' } } } }
        : {}),
    };
    const fold = (runtimeOptions.foldGraphs ?? true) && folded.has(name);
    pending = (
      fold
        ? readFile(path).then((bytes) =>
            ort.InferenceSession.create(foldElementwiseTails(bytes).model, options),
          )
        : ort.InferenceSession.create(path, options)
    ).catch((error: unknown) => {
      sessions.delete(name);
      throw new EngineError('MODEL_LOAD_FAILED', `could not load the ${name} model`, { cause: error });
    });
    sessions.set(name, pending);
  }
  return pending;
}

/** Recognition dictionary: index i of the model's output is entry i (0 = CTC blank, last = space). */
export function recognitionDictionary(): readonly string[] {
  if (!dictionary) {
    const entries = readFileSync(modelFiles().dictionary, 'utf8')
      .split(/\r?\n/)
      .filter((line) => line.length > 0);
    dictionary = ['', ...entries, ' '];
  }
  return dictionary;
}

function defaultThreads(): number {
  const fromEnv = Number(process.env.OPENKYC_OCR_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 1;
}

export { ort };
