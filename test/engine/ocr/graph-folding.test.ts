import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { foldElementwiseTails } from '../../../src/engine/ocr/graph-folding.js';
import { bundledModelFiles } from '../../../src/engine/ocr/models.js';

const options: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
};

/** Dark strokes on light paper, normalised like the engine's inputs (-1..1). */
function strokes(dims: [number, number, number, number]): ort.Tensor {
  const [n, c, h, w] = dims;
  const data = new Float32Array(n * c * h * w);
  for (let i = 0; i < data.length; i++) {
    const x = i % w;
    const y = Math.floor(i / w) % h;
    const ink = Math.sin(x * 0.55) > 0.25 && y % 48 > 12 && y % 48 < 34;
    data[i] = ink ? -0.9 : 0.85 + 0.1 * Math.sin(i * 0.37);
  }
  return new ort.Tensor('float32', data, dims);
}

async function outputs(model: string | Uint8Array, input: ort.Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model as Uint8Array, options);
  try {
    const result = await session.run({ [session.inputNames[0]!]: input });
    return result[session.outputNames[0]!]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('folding the PP-OCR exports element-wise tails', () => {
  const files = bundledModelFiles();
  const cases = [
    {
      name: 'recognition',
      path: files.recognition,
      dims: [2, 3, 48, 320] as [number, number, number, number],
    },
    { name: 'detection', path: files.detection, dims: [1, 3, 96, 160] as [number, number, number, number] },
  ];

  for (const { name, path, dims } of cases) {
    it(`${name}: folds every block and gives the same outputs`, async () => {
      const original = readFileSync(path);
      const { model, folded } = foldElementwiseTails(original);
      // PPLCNetV3 in both models: 28 convolutions with an affine, hard-swish after them.
      expect(folded.affineIntoConv).toBeGreaterThanOrEqual(20);
      expect(folded.hardSwish).toBeGreaterThanOrEqual(20);
      expect(folded.affineIntoNextConv).toBeGreaterThan(0);
      const input = strokes(dims);
      const [before, after] = [await outputs(path, input), await outputs(model, input)];
      expect(after.length).toBe(before.length);
      let worst = 0;
      for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(before[i]! - after[i]!));
      expect(worst).toBeLessThan(1e-4);
    }, 60_000);
  }

  it('orientation classifier (MobileNetV3, no affine blocks): hard-swish only, same outputs', async () => {
    const { model, folded } = foldElementwiseTails(readFileSync(files.orientation));
    expect(folded.affineIntoConv).toBe(0);
    expect(folded.hardSwish).toBeGreaterThan(0);
    const input = strokes([1, 3, 48, 192]);
    const [before, after] = [await outputs(files.orientation, input), await outputs(model, input)];
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i]!, 5);
  }, 60_000);
});
