// Barcode benchmarks: PDF417 decode latency (p50/p95) on synthetic licence-back photos of several kinds,
// the worst case (an image without a barcode, which runs the whole retry ladder), AAMVA parse time, and
// the shared PDF417 / AAMVA renderings when ../shared/data is present.
// Run: `npm run build && node dist/bench/barcode.js [--json]` (also part of `npm run bench` once registered).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { parseAamva } from '../src/engine/barcode/aamva/parse.js';
import { decodePdf417 } from '../src/engine/barcode/decode.js';
import { holderPayload, syntheticHolder } from '../src/fixtures/barcode/holder.js';
import { type LicenceBackOptions, renderLicenceBack } from '../src/fixtures/barcode/render.js';

export interface BarcodeBenchRow {
  label: string;
  images: number;
  runs: number;
  decoded: number;
  p50: number;
  p95: number;
}

export interface BarcodeBenchResult {
  decode: BarcodeBenchRow[];
  parseMicroseconds: { p50: number; p95: number };
  peakRssMb: number;
}

const quantile = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 10) / 10;
};

const KINDS: [string, LicenceBackOptions][] = [
  ['clean scan, PNG', {}],
  [
    'phone photo: 7 deg, tilt, blur, JPEG',
    { rotationDegrees: 7, tiltHorizontal: 0.12, blurSigma: 1, shadow: 0.3, format: 'jpeg', quality: 70 },
  ],
  ['turned 20 deg, JPEG', { rotationDegrees: 20, format: 'jpeg', quality: 80 }],
  ['large photo, 8 px modules, JPEG', { moduleSize: 8, rotationDegrees: 4, format: 'jpeg', quality: 85 }],
];

async function timeDecodes(label: string, images: Buffer[], runs: number): Promise<BarcodeBenchRow> {
  const times: number[] = [];
  let decoded = 0;
  await decodePdf417(images[0]!); // warm-up: wasm instantiation happens once per process
  for (let r = 0; r < runs; r++) {
    const image = images[r % images.length]!;
    const started = performance.now();
    const result = await decodePdf417(image);
    times.push(performance.now() - started);
    if (result.barcodes.length > 0) decoded++;
  }
  return {
    label,
    images: images.length,
    runs,
    decoded,
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
  };
}

export async function runBarcodeBench(options: { runs?: number } = {}): Promise<BarcodeBenchResult> {
  const runs = options.runs ?? 20;
  const decode: BarcodeBenchRow[] = [];
  const payloads = [1, 2, 3, 4, 5].map((seed) => holderPayload(syntheticHolder(seed), 4 + seed));
  for (const [label, kind] of KINDS) {
    const images = await Promise.all(payloads.map(async (p) => (await renderLicenceBack(p, kind)).image));
    const { width, height } = await sharp(images[0]!).metadata();
    decode.push(await timeDecodes(`${label} (${width}x${height})`, images, runs));
  }
  const blank = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#d9d2c3' } })
    .jpeg()
    .toBuffer();
  decode.push(await timeDecodes('no barcode (1600x1000, full retry ladder)', [blank], Math.min(runs, 5)));

  // ../shared/data beside the checkout, from dist/bench/ or from bench/
  const here = path.dirname(fileURLToPath(import.meta.url));
  const shared =
    [path.resolve(here, '../../../shared/data'), path.resolve(here, '../../shared/data')].find((dir) =>
      existsSync(dir),
    ) ?? '';
  for (const set of ['pdf417', 'aamva'] as const) {
    const gtPath = path.join(shared, set, 'gt.json');
    if (!existsSync(gtPath)) continue;
    const gt = JSON.parse(await readFile(gtPath, 'utf8')) as {
      records: { file: string; rendered_png?: string }[];
    };
    const files = gt.records.map((r) => path.join(shared, set, set === 'aamva' ? r.rendered_png! : r.file));
    const images = await Promise.all(files.map((f) => readFile(f)));
    decode.push(await timeDecodes(`shared ${set} images`, images, images.length));
  }

  const parseTimes: number[] = [];
  const bytes = payloads.map((p) => new Uint8Array(Buffer.from(p, 'latin1')));
  for (let i = 0; i < 2000; i++) {
    const started = performance.now();
    parseAamva(bytes[i % bytes.length]!);
    parseTimes.push((performance.now() - started) * 1000);
  }
  return {
    decode,
    parseMicroseconds: { p50: quantile(parseTimes, 0.5), p95: quantile(parseTimes, 0.95) },
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export function barcodeBenchRows(r: BarcodeBenchResult): [string, string][] {
  return [
    ...r.decode.map((d): [string, string] => [
      `PDF417 decode: ${d.label}`,
      `p50 ${d.p50} ms, p95 ${d.p95} ms (${d.decoded}/${d.runs} decoded)`,
    ]),
    ['AAMVA parse', `p50 ${r.parseMicroseconds.p50} us, p95 ${r.parseMicroseconds.p95} us`],
    ['peak RSS', `${r.peakRssMb} MB`],
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await runBarcodeBench();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else for (const [k, v] of barcodeBenchRows(result)) process.stdout.write(`${k.padEnd(78)} ${v}\n`);
}
