// `openkyc read [--back B] [--country C --id-type T] [--jsonl] IMG...`: one JSON object per image on stdout,
// in input order: the MRZ, the document's type and country, every field (value, confidence, source,
// acceptance, side, box in the original and in the processed image) and the checks. Images are analysed in
// a worker pool (one worker per core); the main thread never loads ONNX Runtime.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ID_TYPES, type IdType } from '../engine/documents/types.js';
import type { Quad } from '../engine/geometry/quad.js';
import { EngineError } from '../engine/image/errors.js';
import { type AnalyzeRequest, createEnginePool, type EnginePool } from '../engine/pool.js';
import type { DocumentReport, FieldValue } from '../engine/report.js';

/**
 * onnxruntime-node was seen to crash creating a session in a process with a very large argument list, so
 * above this many bytes of file names the command runs itself again with the names on stdin.
 */
const maxArgvBytes = 16_384;

export interface ReadLine {
  readonly file: string;
  readonly ms: number;
  readonly mrz: {
    readonly format: string;
    readonly lines: readonly string[];
    readonly valid: boolean;
    readonly fields: NonNullable<DocumentReport['mrz']>['fields'];
    readonly repairs: NonNullable<DocumentReport['mrz']>['repairs'];
  } | null;
  readonly document: DocumentReport['document'];
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly checks: DocumentReport['checks'];
  readonly rotation?: DocumentReport['rotation'];
  readonly mirrored?: boolean;
  readonly quality?: DocumentReport['quality'];
  readonly error?: { readonly code: string; readonly message: string };
}

export function readLineOf(file: string, ms: number, report: DocumentReport): ReadLine {
  return {
    file,
    ms: Math.round(ms * 10) / 10,
    mrz: report.mrz
      ? {
          format: report.mrz.format,
          lines: report.mrz.lines,
          valid: report.mrz.valid,
          fields: report.mrz.fields,
          repairs: report.mrz.repairs,
        }
      : null,
    document: report.document,
    fields: Object.fromEntries(Object.entries(report.fields).map(([k, v]) => [k, roundedField(v)])),
    checks: report.checks,
    rotation: report.rotation,
    mirrored: report.mirrored,
    quality: report.quality,
  };
}

const tenth = (v: number): number => Math.round(v * 10) / 10;
const roundedQuad = (q: Quad): Quad => q.map((p) => ({ x: tenth(p.x), y: tenth(p.y) })) as unknown as Quad;

function roundedField(field: FieldValue): FieldValue {
  return {
    ...field,
    ...(field.quad ? { quad: roundedQuad(field.quad) } : {}),
    ...(field.processedQuad ? { processedQuad: roundedQuad(field.processedQuad) } : {}),
  };
}

function errorLine(file: string, ms: number, error: unknown): ReadLine {
  const code = error instanceof EngineError ? error.code : 'READ_FAILED';
  const message = error instanceof Error ? error.message : String(error);
  return {
    file,
    ms: Math.round(ms * 10) / 10,
    mrz: null,
    document: null,
    fields: {},
    checks: [],
    error: { code, message },
  };
}

/** Analyses files with bounded concurrency and emits results strictly in input order. */
export async function readFiles(
  pool: EnginePool,
  files: AsyncIterable<string> | Iterable<string>,
  emit: (line: ReadLine) => void,
  request: Pick<AnalyzeRequest, 'back' | 'requested' | 'documentStage'> = {},
): Promise<void> {
  const pending: Promise<ReadLine>[] = [];
  const window = pool.threads * 2;
  const start = (file: string): Promise<ReadLine> => {
    const started = performance.now();
    return readFile(file)
      .then((bytes) => pool.analyze(bytes, request))
      .then(
        ({ report, ms }) => readLineOf(file, ms, report),
        (error: unknown) => errorLine(file, performance.now() - started, error),
      );
  };
  for await (const file of files) {
    pending.push(start(file));
    if (pending.length >= window) emit(await pending.shift()!);
  }
  while (pending.length > 0) emit(await pending.shift()!);
}

async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    if (line.trim()) yield line.replace(/\r$/, '');
  }
}

function rerunWithStdin(files: readonly string[], flags: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const script = process.argv[1];
    if (!script) {
      reject(new Error('cannot re-run the CLI: unknown script path'));
      return;
    }
    const child = spawn(process.execPath, [...process.execArgv, script, 'read', ...flags, '-'], {
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.stdin.end(`${files.join('\n')}\n`);
  });
}

interface ReadOptions {
  readonly back?: string;
  readonly country?: string;
  readonly idType?: string;
  readonly jsonl?: boolean;
  readonly threads?: string;
  readonly mrzOnly?: boolean;
}

function requestedOf(options: ReadOptions): { country: string; idType: IdType } | undefined {
  if (!options.country && !options.idType) return undefined;
  if (!options.country || !options.idType) throw new Error('--country and --id-type go together');
  if (!/^[A-Z]{3}$/.test(options.country))
    throw new Error(`--country must be ISO 3166 alpha-3, not "${options.country}"`);
  if (!(ID_TYPES as readonly string[]).includes(options.idType))
    throw new Error(`--id-type must be one of ${ID_TYPES.join(', ')}, not "${options.idType}"`);
  return { country: options.country, idType: options.idType as IdType };
}

export function register(program: Command): void {
  program
    .command('read')
    .description(
      'Read documents (MRZ, visual zone, barcode, classification, checks); one JSON object per image, in order ("-" reads names from stdin)',
    )
    .argument('<images...>', 'image files (JPEG, PNG, WebP, HEIF/AVIF, TIFF)')
    .option('--back <image>', 'the back side of the document (MRZ, barcode, more fields)')
    .option('--country <iso3>', 'the issuing country the document is expected to be (with --id-type)')
    .option('--id-type <type>', `the expected document type: ${ID_TYPES.join(', ')}`)
    .option('--jsonl', 'one compact JSON object per line (default: the same, indented)')
    .option('--threads <n>', 'worker threads (default: one per core)')
    .option('--mrz-only', 'read only the MRZ (no page text, barcode or classification): the fast path')
    .action(async (images: string[], options: ReadOptions) => {
      const argvBytes = images.reduce((sum, f) => sum + Buffer.byteLength(f) + 1, 0);
      const flags = [
        ...(options.back ? ['--back', options.back] : []),
        ...(options.country ? ['--country', options.country] : []),
        ...(options.idType ? ['--id-type', options.idType] : []),
        ...(options.jsonl ? ['--jsonl'] : []),
        ...(options.threads ? ['--threads', options.threads] : []),
        ...(options.mrzOnly ? ['--mrz-only'] : []),
      ];
      if (argvBytes > maxArgvBytes) {
        process.exitCode = await rerunWithStdin(images, flags);
        return;
      }
      const requested = requestedOf(options);
      const back = options.back ? await readFile(options.back) : undefined;
      const threads = options.threads ? Number(options.threads) : undefined;
      const pool = createEnginePool(threads ? { threads } : {});
      const files = images.length === 1 && images[0] === '-' ? stdinLines() : images;
      try {
        await readFiles(
          pool,
          files,
          (line) => {
            process.stdout.write(`${options.jsonl ? JSON.stringify(line) : JSON.stringify(line, null, 2)}\n`);
          },
          {
            ...(back ? { back } : {}),
            ...(requested ? { requested } : {}),
            ...(options.mrzOnly ? { documentStage: false } : {}),
          },
        );
      } finally {
        await pool.close();
      }
    });
}
