// PP-OCR's text-line direction classifier: is a line image upright or turned by 180 degrees?
import type { GrayImage } from '../image/raster.js';
import { ort, session } from './sessions.js';

const height = 48;
const width = 192;

/** Probability that each line image is upside down. Lines must be `height` high; they are squeezed to fit. */
export async function upsideDownProbability(lines: readonly GrayImage[]): Promise<number[]> {
  if (lines.length === 0) return [];
  const plane = width * height;
  const input = new Float32Array(lines.length * 3 * plane);
  lines.forEach((line, n) => {
    const scale = line.width / width;
    for (let y = 0; y < height; y++) {
      const sy = Math.min(line.height - 1, Math.floor((y * line.height) / height));
      for (let x = 0; x < width; x++) {
        const sx = Math.min(line.width - 1, Math.floor(x * scale));
        const v = line.data[sy * line.width + sx]! / 127.5 - 1;
        const i = n * 3 * plane + y * width + x;
        input[i] = v;
        input[i + plane] = v;
        input[i + 2 * plane] = v;
      }
    }
  });
  const cls = await session('orientation');
  const tensor = new ort.Tensor('float32', input, [lines.length, 3, height, width]);
  const output = (await cls.run({ [cls.inputNames[0]!]: tensor }))[cls.outputNames[0]!]!;
  const scores = output.data as Float32Array;
  return lines.map((_, n) => scores[n * 2 + 1]!);
}
