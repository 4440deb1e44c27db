// Face benchmarks: selfie-vs-ID-photo comparison through the worker pool (the server's path) and in-process,
// event-loop delay while comparing, peak RSS, and 1:N search over 100k synthetic embeddings.
// Run: `npm run build && node dist/bench/face.js [--json]` (also part of `npm run bench` once registered).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { FaceEmbeddingIndex } from '../src/engine/face/embedding-index.js';
import { createFaceEngine } from '../src/engine/face/engine.js';
import { createFaceService } from '../src/engine/face/face-service.js';
import { compareEmbeddings } from '../src/engine/face/similarity.js';
import { faceIdentity, renderFace } from '../src/fixtures/face/synthetic-face.js';
import { idCardWithPortrait } from '../src/fixtures/face/synthetic-scenes.js';

export interface FaceBenchResult {
  compare: {
    inputs: string;
    pool: { p50: number; p95: number; runs: number; eventLoopMaxMs: number };
    inProcess: { p50: number; p95: number; runs: number; eventLoopMaxMs: number };
  };
  peakRssMb: number;
  search: {
    entries: number;
    dims: number;
    metric: string;
    buildMs: number;
    p50: number;
    p95: number;
    heapMb: number;
  }[];
}

const quantile = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 10) / 10;
};

/** Selfie (1280x1706 JPEG, like a phone's front camera) and ID photo pairs; real photos when ../shared exists. */
async function inputs(): Promise<{ label: string; pairs: [Buffer, Buffer][] }> {
  const shared = path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/data');
  const pairs: [Buffer, Buffer][] = [];
  for (let seed = 1; seed <= 6; seed++) {
    const selfie = await sharp(await renderFace(faceIdentity(seed), { yaw: 4 }, { width: 960, height: 1280 }))
      .resize(1280, 1706)
      .jpeg({ quality: 90 })
      .toBuffer();
    pairs.push([await idCardWithPortrait(faceIdentity(seed)), selfie]);
  }
  const passport = path.join(shared, 'mrz-synth/images/ESP_00.jpg');
  if (existsSync(passport)) {
    const page = await readFile(passport);
    for (const [seed] of pairs.entries()) pairs[seed] = [seed % 2 ? pairs[seed]![0] : page, pairs[seed]![1]];
    return {
      label: 'selfie 1280x1706 JPEG vs ID card 1012x638 / passport page 2400x1648 (mrz-synth)',
      pairs,
    };
  }
  return { label: 'selfie 1280x1706 JPEG vs generated ID card 1012x638', pairs };
}

async function timeRuns(
  pairs: [Buffer, Buffer][],
  runs: number,
  compare: (a: Buffer, b: Buffer) => Promise<unknown>,
): Promise<{ p50: number; p95: number; runs: number; eventLoopMaxMs: number }> {
  for (let i = 0; i < 3; i++) await compare(...pairs[i % pairs.length]!);
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await compare(...pairs[i % pairs.length]!);
    times.push(performance.now() - t);
  }
  h.disable();
  return {
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    runs,
    eventLoopMaxMs: Math.round(h.max / 1e6),
  };
}

function searchBench(
  dims: number,
  metric: 'euclidean' | 'cosine',
  entries = 100_000,
): FaceBenchResult['search'][number] {
  let s = 12345;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const started = performance.now();
  const index = new FaceEmbeddingIndex(dims, metric, entries);
  const people: Float32Array[] = [];
  const v = new Float32Array(dims);
  for (let i = 0; i < entries; i++) {
    if (i % 4 === 0) people.push(Float32Array.from({ length: dims }, () => rand() * 0.3));
    const centre = people[people.length - 1]!;
    for (let j = 0; j < dims; j++) v[j] = centre[j]! + rand() * 0.05;
    index.add(`face-${i}`, v);
  }
  const buildMs = Math.round(performance.now() - started);
  const times: number[] = [];
  for (let q = 0; q < 200; q++) {
    const centre = people[(q * 97) % people.length]!;
    const query = centre.map((x) => x + rand() * 0.05);
    const t = performance.now();
    index.search(query, 10, metric === 'cosine' ? 0.35 : 0.6);
    times.push(performance.now() - t);
  }
  const heapMb = Math.round(
    (process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore) / 1e6,
  );
  return { entries, dims, metric, buildMs, p50: quantile(times, 0.5), p95: quantile(times, 0.95), heapMb };
}

export async function runFaceBench(options: { runs?: number } = {}): Promise<FaceBenchResult> {
  const runs = options.runs ?? 30;
  const { label, pairs } = await inputs();
  const service = createFaceService({ threads: 2 });
  let pool: FaceBenchResult['compare']['pool'];
  try {
    pool = await timeRuns(pairs, runs, (a, b) => service.matchDocumentToSelfie(a, b));
  } finally {
    await service.close();
  }
  const engine = await createFaceEngine();
  const inProcess = await timeRuns(pairs, Math.min(runs, 15), async (a, b) => {
    const [ra, rb] = [await engine.analyze(a, 'document'), await engine.analyze(b, 'selfie')];
    if (ra.analysis.embedding && rb.analysis.embedding)
      compareEmbeddings(ra.analysis.embedding, rb.analysis.embedding, engine.model);
  });
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const search = [searchBench(128, 'euclidean'), searchBench(512, 'cosine')];
  return { compare: { inputs: label, pool, inProcess }, peakRssMb, search };
}

export function faceBenchRows(r: FaceBenchResult): [string, string][] {
  return [
    ['face-compare inputs', r.compare.inputs],
    ['face-compare p50 / p95 (2 worker threads, warm)', `${r.compare.pool.p50} / ${r.compare.pool.p95} ms`],
    ['  event loop max delay meanwhile', `${r.compare.pool.eventLoopMaxMs} ms`],
    [
      'face-compare p50 / p95 (in-process, 1 thread)',
      `${r.compare.inProcess.p50} / ${r.compare.inProcess.p95} ms`,
    ],
    ['  event loop max delay meanwhile', `${r.compare.inProcess.eventLoopMaxMs} ms`],
    ['peak RSS (process incl. workers)', `${r.peakRssMb} MB`],
    ...r.search.map((s): [string, string] => [
      `1:N search, ${s.entries} x ${s.dims}-d ${s.metric}`,
      `p50 ${s.p50} ms, p95 ${s.p95} ms (build ${s.buildMs} ms, ~${s.heapMb} MB)`,
    ]),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await runFaceBench();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else for (const [k, v] of faceBenchRows(result)) process.stdout.write(`${k.padEnd(52)} ${v}\n`);
}
