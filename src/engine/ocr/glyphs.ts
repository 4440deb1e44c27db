// Glyph consistency inside one printed zone: every '<' of an MRZ is the same OCR-B glyph at the same size.
// Cells the recogniser was unsure of are compared with the cells it read confidently as '<'; a near
// identical image is a filler too. This catches the recogniser's weak spot, long runs of fillers.
import type { GrayImage } from '../image/raster.js';

const descriptorWidth = 8;
const descriptorHeight = 12;

/** Zero-mean, unit-length thumbnail of the cell [x0, x1) of a line image. */
export function cellDescriptor(line: GrayImage, x0: number, x1: number): Float32Array {
  const out = new Float32Array(descriptorWidth * descriptorHeight);
  const cellWidth = Math.max(1, x1 - x0);
  for (let j = 0; j < descriptorHeight; j++) {
    const y0 = Math.floor((j * line.height) / descriptorHeight);
    const y1 = Math.max(y0 + 1, Math.floor(((j + 1) * line.height) / descriptorHeight));
    for (let i = 0; i < descriptorWidth; i++) {
      const xa = Math.max(0, Math.floor(x0 + (i * cellWidth) / descriptorWidth));
      const xb = Math.min(
        line.width,
        Math.max(xa + 1, Math.floor(x0 + ((i + 1) * cellWidth) / descriptorWidth)),
      );
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = xa; x < xb; x++) {
          sum += line.data[y * line.width + x]!;
          n++;
        }
      }
      out[j * descriptorWidth + i] = n > 0 ? sum / n : 255;
    }
  }
  return normalise(out);
}

export function meanDescriptor(descriptors: readonly Float32Array[]): Float32Array | null {
  if (descriptors.length === 0) return null;
  const out = new Float32Array(descriptors[0]!.length);
  for (const d of descriptors) for (let i = 0; i < d.length; i++) out[i]! += d[i]!;
  return normalise(out);
}

export function similarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

function normalise(v: Float32Array): Float32Array {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = v[i]! - mean;
    norm += v[i]! * v[i]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}
