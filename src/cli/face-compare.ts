import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { faceModelConfigFromEnv } from '../engine/face/embedder.js';
import { createFaceService, type FaceService } from '../engine/face/face-service.js';
import { compareEmbeddings } from '../engine/face/similarity.js';
import type { FaceImageReport } from '../engine/face/types.js';

/**
 * Above this many bytes of arguments the command re-runs itself reading the pairs from stdin: onnxruntime-node
 * crashes (SIGSEGV) creating a session in a process whose argument list is large (measured: ~30 KB).
 */
const MAX_ARGV_BYTES = 16_384;

export interface PairLine {
  a: string;
  b: string;
  similarity: number;
  match: boolean;
  ms: number;
  reasons?: string[];
  error?: string;
}

/** Splits `A:B` at the colon that leaves two existing files (paths may contain colons), else at the first. */
export function splitPair(spec: string): [string, string] {
  const colons: number[] = [];
  for (let i = spec.indexOf(':'); i >= 0; i = spec.indexOf(':', i + 1)) colons.push(i);
  if (colons.length === 0) throw new Error(`not a pair (A:B): ${spec}`);
  for (const at of colons) {
    const a = spec.slice(0, at);
    const b = spec.slice(at + 1);
    if (existsSync(a) && existsSync(b)) return [a, b];
  }
  const at = colons[0]!;
  return [spec.slice(0, at), spec.slice(at + 1)];
}

async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed) yield trimmed;
  }
}

function rerunWithStdin(pairs: string[], flags: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const script = process.argv[1];
    if (!script) {
      reject(new Error('cannot re-run the CLI: unknown script path'));
      return;
    }
    const child = spawn(process.execPath, [...process.execArgv, script, 'face-compare', ...flags, '-'], {
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.stdin.end(`${pairs.join('\n')}\n`);
  });
}

/** Compares pairs one after the other (each pair's two images in parallel); one image is analysed once. */
export async function comparePairs(
  service: FaceService,
  specs: AsyncIterable<string> | Iterable<string>,
  emit: (line: PairLine) => void,
): Promise<void> {
  const cache = new Map<string, Promise<FaceImageReport>>();
  const model = await service.model();
  const analyse = (file: string): Promise<FaceImageReport> => {
    let found = cache.get(file);
    if (!found) {
      found = readFile(file).then((bytes) => service.analyze(bytes, 'document'));
      // Keep failures out of the cache so that the error is reported on each pair that uses the file.
      found.catch(() => cache.delete(file));
      cache.set(file, found);
    }
    return found;
  };
  for await (const spec of specs) {
    const started = performance.now();
    let a = spec;
    let b = '';
    try {
      [a, b] = splitPair(spec);
      const [ra, rb] = await Promise.all([analyse(a), analyse(b)]);
      const ea = ra.analysis.embedding;
      const eb = rb.analysis.embedding;
      const reasons = [...(ea ? [] : [`no face in ${a}`]), ...(eb ? [] : [`no face in ${b}`])];
      const cmp = ea && eb ? compareEmbeddings(ea, eb, model) : null;
      emit({
        a,
        b,
        similarity: cmp ? Math.round(cmp.similarity * 1e6) / 1e6 : 0,
        match: cmp?.match ?? false,
        ms: Math.round(performance.now() - started),
        ...(reasons.length ? { reasons } : {}),
      });
    } catch (error) {
      emit({
        a,
        b,
        similarity: 0,
        match: false,
        ms: Math.round(performance.now() - started),
        error: (error as Error).message,
      });
    }
  }
}

export function register(program: Command): void {
  program
    .command('face-compare')
    .description(
      'Compare the faces of image pairs A:B (arguments, or one pair per line on stdin); one JSON line each',
    )
    .argument('[pairs...]', 'A:B image pairs; "-" or none reads pairs from stdin')
    .option('--jsonl', 'JSON lines output (the default and only format)')
    .option('--model <file.onnx>', 'ArcFace-style ONNX model (default: OPENKYC_FACE_MODEL, else dlib ResNet)')
    .option(
      '--threshold <n>',
      'decision threshold of the model (default: OPENKYC_FACE_THRESHOLD, else the model default)',
    )
    .option('--threads <n>', 'worker threads', '2')
    .action(async (pairs: string[], options: { model?: string; threshold?: string; threads: string }) => {
      const flags = ['--jsonl', '--threads', options.threads];
      if (options.model) flags.push('--model', options.model);
      if (options.threshold) flags.push('--threshold', options.threshold);
      const fromArgs = pairs.filter((p) => p !== '-');
      if (Buffer.byteLength(process.argv.join('\0')) > MAX_ARGV_BYTES && fromArgs.length > 0) {
        process.exitCode = await rerunWithStdin(fromArgs, flags);
        return;
      }
      const env = faceModelConfigFromEnv(process.env);
      const threshold = options.threshold !== undefined ? Number(options.threshold) : env.threshold;
      if (threshold !== undefined && !Number.isFinite(threshold))
        throw new Error(`--threshold is not a number: ${options.threshold}`);
      const threads = Number(options.threads);
      if (!Number.isInteger(threads) || threads < 1)
        throw new Error(`--threads must be a positive integer: ${options.threads}`);
      const onnxPath = options.model ?? env.onnxPath;
      const service = createFaceService({
        threads,
        model: { ...(onnxPath ? { onnxPath } : {}), ...(threshold !== undefined ? { threshold } : {}) },
      });
      try {
        const specs = fromArgs.length > 0 && !pairs.includes('-') ? fromArgs : concat(fromArgs, stdinLines());
        await comparePairs(service, specs, (line) => process.stdout.write(`${JSON.stringify(line)}\n`));
      } finally {
        await service.close();
      }
    });
}

async function* concat(first: string[], rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield* first;
  yield* rest;
}
