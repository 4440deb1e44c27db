import type { GreyImage } from './raster.js';

// Estimates how far the content of an image is turned away from the pixel grid, from the dominant
// direction of its edges. A PDF417 symbol is a grid of bars and rows, and everything else printed on a
// licence back is aligned with it, so the strongest edge direction (folded into a quarter turn) is the
// symbol's skew. zxing-cpp reads upright and quarter-turned symbols but not skewed ones.

export interface SkewEstimate {
  /** Clockwise angle of the content, in (-45, 45] degrees. Rotating by -degrees straightens it. */
  degrees: number;
  /** Peak weight over the mean of the orientation histogram; below ~2 there is no dominant direction. */
  strength: number;
}

const BINS = 180; // half-degree bins over a quarter turn
const MIN_GRADIENT = 48;

export function estimateSkew(image: GreyImage): SkewEstimate | null {
  const { data, width, height } = image;
  if (width < 8 || height < 8) return null;
  const histogram = new Float64Array(BINS);
  let total = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      // Sobel
      const gx =
        data[i - width + 1]! +
        2 * data[i + 1]! +
        data[i + width + 1]! -
        data[i - width - 1]! -
        2 * data[i - 1]! -
        data[i + width - 1]!;
      const gy =
        data[i + width - 1]! +
        2 * data[i + width]! +
        data[i + width + 1]! -
        data[i - width - 1]! -
        2 * data[i - width]! -
        data[i - width + 1]!;
      const magnitude = Math.abs(gx) + Math.abs(gy);
      if (magnitude < MIN_GRADIENT) continue;
      let angle = Math.atan2(gy, gx); // (-pi, pi]
      angle = ((angle % (Math.PI / 2)) + Math.PI / 2) % (Math.PI / 2); // [0, pi/2)
      const bin = Math.min(BINS - 1, Math.floor((angle / (Math.PI / 2)) * BINS));
      histogram[bin]! += magnitude;
      total += magnitude;
    }
  }
  if (total === 0) return null;

  // Circular smoothing over +-2 bins (1 degree).
  const smooth = new Float64Array(BINS);
  for (let b = 0; b < BINS; b++) {
    let sum = 0;
    for (let k = -2; k <= 2; k++) sum += histogram[(b + k + BINS) % BINS]! * (3 - Math.abs(k));
    smooth[b] = sum;
  }
  let peak = 0;
  for (let b = 1; b < BINS; b++) if (smooth[b]! > smooth[peak]!) peak = b;
  const left = smooth[(peak - 1 + BINS) % BINS]!;
  const right = smooth[(peak + 1) % BINS]!;
  const centre = smooth[peak]!;
  const denominator = left - 2 * centre + right;
  const offset = denominator === 0 ? 0 : (0.5 * (left - right)) / denominator;
  let degrees = ((peak + 0.5 + offset) * 90) / BINS;
  if (degrees > 45) degrees -= 90;
  const mean = smooth.reduce((s, v) => s + v, 0) / BINS;
  return { degrees, strength: mean === 0 ? 0 : centre / mean };
}
