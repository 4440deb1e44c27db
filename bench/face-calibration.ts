// Threshold calibration evidence: distances of genuine and impostor pairs on the faces-bbt photos after the
// degradations that separate an ID portrait from a selfie (greyscale print, low resolution, JPEG, blur,
// lighting, roll), and the false match / false non-match rates at candidate thresholds.
// Run: `npm run build && node dist/bench/face-calibration.js [DIR] [--json]` (DIR defaults to ../shared/data/faces-bbt).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { createFaceEngine } from '../src/engine/face/engine.js';
import { margin, rawScore } from '../src/engine/face/similarity.js';

type Degrade = (img: Sharp) => Promise<Buffer>;

const png = (img: Sharp): Promise<Buffer> => img.png().toBuffer();

/** Each is applied to a 2x upscaled copy of the photo (the crops are 150 px), then the face is re-found. */
export const DEGRADATIONS: Record<string, Degrade> = {
  original: (i) => png(i),
  greyscale_print: (i) => png(i.greyscale().linear(0.8, 20)),
  // sharp applies one resize per pipeline: materialise each step
  low_resolution: async (i) => png(sharp(await png(i.resize(110))).resize(420)),
  jpeg_q30: async (i) => png(sharp(await i.jpeg({ quality: 30 }).toBuffer())),
  blur: (i) => png(i.blur(1.5)),
  dark: (i) => png(i.linear(0.55, 0)),
  bright: (i) => png(i.linear(1.25, 30)),
  roll_12deg: async (i) => png(sharp(await png(i)).rotate(12, { background: '#808080' })),
};

export interface CalibrationResult {
  genuine: number;
  impostor: number;
  rates: { threshold: number; falseMatchRate: number; falseNonMatchRate: number }[];
  byDegradation: Record<string, { genuineMedian: number; genuineMax: number; falseNonMatchAt: number }>;
  impostorMin: number;
  impostorP1: number;
}

export async function calibrate(dir: string): Promise<CalibrationResult> {
  const gt = JSON.parse(await readFile(path.join(dir, 'gt.json'), 'utf8')) as {
    records: { file: string; identity: string }[];
  };
  const engine = await createFaceEngine();
  const items: { who: string; photo: string; kind: string; v: Float32Array }[] = [];
  for (const r of gt.records) {
    const base = await sharp(await readFile(path.join(dir, r.file)))
      .resize(300, 300)
      .extend({ top: 60, bottom: 60, left: 60, right: 60, background: '#808080' })
      .png()
      .toBuffer();
    for (const [kind, degrade] of Object.entries(DEGRADATIONS)) {
      const report = await engine.analyze(await degrade(sharp(base)), 'document');
      if (report.analysis.embedding)
        items.push({ who: r.identity, photo: r.file, kind, v: report.analysis.embedding.vector });
    }
  }
  const genuine: { d: number; kind: string }[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.photo === b.photo) continue; // the same photo degraded twice says nothing about identity
      // Pairs compare an original-quality photo with a degraded one (portrait vs selfie), or two originals.
      if (a.kind !== 'original' && b.kind !== 'original') continue;
      const d = rawScore(a.v, b.v, engine.model.metric);
      if (a.who === b.who) genuine.push({ d, kind: a.kind === 'original' ? b.kind : a.kind });
      else impostor.push(d);
    }
  }
  impostor.sort((x, y) => x - y);
  const rates = [0.5, 0.55, 0.6, 0.65, 0.7].map((threshold) => ({
    threshold,
    falseMatchRate:
      impostor.filter((d) => margin(d, { ...engine.model, threshold }) >= 0).length / impostor.length,
    falseNonMatchRate:
      genuine.filter((g) => margin(g.d, { ...engine.model, threshold }) < 0).length / genuine.length,
  }));
  const byDegradation: CalibrationResult['byDegradation'] = {};
  for (const kind of Object.keys(DEGRADATIONS)) {
    const ds = genuine
      .filter((g) => g.kind === kind)
      .map((g) => g.d)
      .sort((x, y) => x - y);
    byDegradation[kind] = {
      genuineMedian: ds[ds.length >> 1] ?? 0,
      genuineMax: ds[ds.length - 1] ?? 0,
      falseNonMatchAt: ds.filter((d) => margin(d, engine.model) < 0).length / (ds.length || 1),
    };
  }
  return {
    genuine: genuine.length,
    impostor: impostor.length,
    rates,
    byDegradation,
    impostorMin: impostor[0] ?? 0,
    impostorP1: impostor[Math.floor(impostor.length * 0.01)] ?? 0,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = fileURLToPath(new URL('../../', import.meta.url));
  const dir =
    process.argv.slice(2).find((a) => !a.startsWith('--')) ?? path.resolve(here, '../shared/data/faces-bbt');
  const result = await calibrate(dir);
  process.stdout.write(`${JSON.stringify(result, null, process.argv.includes('--json') ? 0 : 2)}\n`);
}
