// MRZ benchmark on ../shared/data/mrz-synth (125 passport photos, 1128-2400 px wide):
// - cold start: a fresh `openkyc read` process reading one photo, wall time to exit;
// - latency, warm, one process: decode -> quality -> locate -> recognise -> parse, one image at a time; beside
//   the wall time the process's CPU time per photo (what a shared, loaded machine does not distort) and the
//   ONNX runs per photo;
// - throughput with both cores: the worker pool (2 workers x 1 ONNX thread) over all images;
// - peak RSS of this process (workers are threads, so they are included);
// - the Debian `tesseract` CLI on the same MRZ crops (our located zone, straightened) as a reference peer.
// Run: `npm run bench` (all benches) or `npm run build && node dist/bench/mrz.js [--json]`.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Quad } from '../src/engine/geometry/quad.js';
import { warpQuad } from '../src/engine/geometry/warp.js';
import { decodeImage } from '../src/engine/image/decode.js';
import { configureOcrRuntime, type ModelName, session } from '../src/engine/ocr/sessions.js';
import { analyzeDocument, prepareEngine } from '../src/engine/pipeline.js';
import { createEnginePool } from '../src/engine/pool.js';
import type { DocumentReport } from '../src/engine/report.js';

const root = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const dataDir = process.env.OPENKYC_SHARED_DATA
  ? path.join(process.env.OPENKYC_SHARED_DATA, 'mrz-synth')
  : path.resolve(root, '../shared/data/mrz-synth');

export interface MrzBenchResult {
  readonly dataset: string;
  readonly images: number;
  readonly coldStartMs: number;
  readonly latency: {
    readonly threads: number;
    readonly p50: number;
    readonly p95: number;
    readonly exact: number;
    /** CPU time of the whole process per photo (all threads: ONNX Runtime's, libvips', the main one). */
    readonly cpuP50: number;
    readonly cpuP95: number;
    /** Model runs per photo (mean). */
    readonly runsPerPhoto: Readonly<Partial<Record<ModelName, number>>>;
  };
  readonly stages: Readonly<Record<string, number>>;
  readonly throughput: { readonly workers: number; readonly docsPerSecond: number; readonly exact: number };
  readonly peakRssMb: number;
  readonly tesseract: {
    readonly available: boolean;
    readonly crops: number;
    readonly exact: number;
    readonly p50: number;
    readonly p95: number;
  };
}

interface Sample {
  readonly file: string;
  readonly bytes: Buffer;
  readonly lines: readonly string[];
}

const quantile = (values: readonly number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 10) / 10;
};

async function samples(limit: number): Promise<Sample[]> {
  const gt = JSON.parse(await readFile(path.join(dataDir, 'gt.json'), 'utf8')) as {
    records: { file: string; mrz_lines: string[] }[];
  };
  return Promise.all(
    gt.records.slice(0, limit).map(async (r) => ({
      file: r.file,
      bytes: await readFile(path.join(dataDir, r.file)),
      lines: r.mrz_lines,
    })),
  );
}

const same = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  a !== undefined && a.length === b.length && a.every((l, i) => l === b[i]);

function coldStart(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [path.join(root, 'dist/src/cli.js'), 'read', '--mrz-only', '--jsonl', file],
      {
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
    child.on('error', reject);
    child.on('exit', () => resolve(Math.round(performance.now() - started)));
  });
}

/** The located zone, straightened at about 32 px per text line, as a PNG for tesseract. */
async function mrzCrop(bytes: Buffer, report: DocumentReport): Promise<Buffer | null> {
  const lines = report.mrz?.recognised;
  if (!lines || lines.length === 0) return null;
  const first = lines[0]!.quad;
  const last = lines.at(-1)!.quad;
  const quad: Quad = [first[0], first[1], last[2], last[3]];
  const image = await decodeImage(bytes);
  const chars = report.mrz!.lines[0]!.length;
  const crop = warpQuad(image.gray, quad, chars * 22, lines.length * 44);
  return sharp(Buffer.from(crop.data), { raw: { width: crop.width, height: crop.height, channels: 1 } })
    .png()
    .toBuffer();
}

async function tesseractPeer(
  items: readonly { sample: Sample; report: DocumentReport }[],
): Promise<MrzBenchResult['tesseract']> {
  const run = promisify(execFile);
  try {
    await run('tesseract', ['--version']);
  } catch {
    return { available: false, crops: 0, exact: 0, p50: 0, p95: 0 };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'openkyc-tess-'));
  const times: number[] = [];
  let exact = 0;
  let crops = 0;
  try {
    for (const [i, { sample, report }] of items.entries()) {
      const png = await mrzCrop(sample.bytes, report);
      if (!png) continue;
      crops++;
      const file = path.join(dir, `${i}.png`);
      await writeFile(file, png);
      const started = performance.now();
      const { stdout } = await run('tesseract', [
        file,
        'stdout',
        '--psm',
        '6',
        '-c',
        'tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<',
      ]);
      times.push(performance.now() - started);
      const lines = stdout
        .split('\n')
        .map((l) => l.replace(/\s+/g, ''))
        .filter((l) => l.length > 0);
      if (same(lines, sample.lines)) exact++;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { available: true, crops, exact, p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

export async function runMrzBench(
  options: {
    limit?: number;
    /** false: skip the tesseract peer (minutes on a loaded machine). */
    peer?: boolean;
  } = {},
): Promise<MrzBenchResult> {
  const all = await samples(options.limit ?? 125);
  const coldStartMs = await coldStart(path.join(dataDir, all[0]!.file));

  // Latency: one image at a time in this process, ONNX Runtime on both cores.
  const threads = 2;
  configureOcrRuntime({ threads });
  await prepareEngine();
  // The MRZ stage alone (what `openkyc read --mrz-only` runs); the whole-page reading is the documents bench's.
  const mrzOnly = { documentStage: false } as const;
  await analyzeDocument(all[0]!.bytes, mrzOnly);
  const runs = await countRuns(['recognition', 'orientation']);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const stageTotals: Record<string, number[]> = {};
  const reports: { sample: Sample; report: DocumentReport }[] = [];
  let exact = 0;
  for (const sample of all) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await analyzeDocument(sample.bytes, mrzOnly);
    times.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    for (const [stage, ms] of Object.entries(report.timings)) {
      stageTotals[stage] = [...(stageTotals[stage] ?? []), ms];
    }
    if (same(report.mrz?.lines, sample.lines)) exact++;
    reports.push({ sample, report });
  }
  const stages = Object.fromEntries(Object.entries(stageTotals).map(([k, v]) => [k, quantile(v, 0.5)]));

  // Throughput: both cores through the worker pool.
  const pool = createEnginePool({ threads: 2 });
  let poolExact = 0;
  let docsPerSecond = 0;
  try {
    await pool.warm();
    const started = performance.now();
    const results = await Promise.all(all.map((s) => pool.analyze(s.bytes, mrzOnly)));
    docsPerSecond = Math.round((all.length / ((performance.now() - started) / 1000)) * 10) / 10;
    results.forEach((r, i) => {
      if (same(r.report.mrz?.lines, all[i]!.lines)) poolExact++;
    });
  } finally {
    await pool.close();
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const tesseract =
    options.peer === false
      ? { available: false, crops: 0, exact: 0, p50: 0, p95: 0 }
      : await tesseractPeer(reports);
  return {
    dataset: dataDir,
    images: all.length,
    coldStartMs,
    latency: {
      threads,
      p50: quantile(times, 0.5),
      p95: quantile(times, 0.95),
      exact,
      cpuP50: quantile(cpuTimes, 0.5),
      cpuP95: quantile(cpuTimes, 0.95),
      runsPerPhoto: Object.fromEntries(
        Object.entries(runs).map(([name, count]) => [name, Math.round((count / all.length) * 100) / 100]),
      ),
    },
    stages,
    throughput: { workers: 2, docsPerSecond, exact: poolExact },
    peakRssMb,
    tesseract,
  };
}

/**
 * Counts the runs of this process's sessions from now on (the counts object is live). The bench wraps the
 * sessions' `run` rather than the engine counting its own calls: only the bench asks.
 */
async function countRuns(names: readonly ModelName[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of names) {
    const loaded = await session(name);
    const run = loaded.run.bind(loaded);
    counts[name] = 0;
    loaded.run = ((...args: Parameters<typeof run>) => {
      counts[name]!++;
      return run(...args);
    }) as typeof loaded.run;
  }
  return counts;
}

export function mrzBenchRows(r: MrzBenchResult): [string, string][] {
  return [
    ['MRZ dataset', `${r.dataset} (${r.images} images)`],
    ['cold start: `openkyc read --mrz-only` of one photo, process start to exit', `${r.coldStartMs} ms`],
    [
      `latency per photo, warm, one process (ONNX ${r.latency.threads} threads)`,
      `p50 ${r.latency.p50} ms, p95 ${r.latency.p95} ms (${r.latency.exact}/${r.images} exact)`,
    ],
    ['  CPU time per photo (process, all threads)', `p50 ${r.latency.cpuP50} ms, p95 ${r.latency.cpuP95} ms`],
    [
      '  model runs per photo',
      Object.entries(r.latency.runsPerPhoto)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    [
      '  stage medians (ms)',
      Object.entries(r.stages)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    [
      `throughput, ${r.throughput.workers} workers x 1 thread`,
      `${r.throughput.docsPerSecond} documents/s (${r.throughput.exact}/${r.images} exact)`,
    ],
    ['peak RSS (process incl. workers)', `${r.peakRssMb} MB`],
    [
      'tesseract CLI on the same MRZ crops (peer)',
      r.tesseract.available
        ? `${r.tesseract.exact}/${r.tesseract.crops} exact, p50 ${r.tesseract.p50} ms, p95 ${r.tesseract.p95} ms per crop`
        : 'tesseract not installed',
    ],
  ];
}

export function mrzBenchAvailable(): boolean {
  return existsSync(path.join(dataDir, 'gt.json'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await runMrzBench();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else for (const [k, v] of mrzBenchRows(result)) process.stdout.write(`${k.padEnd(70)} ${v}\n`);
}
