import { toGrey } from './rgb-image.js';
import type { RgbImage } from './types.js';

export interface RegionStats {
  /** Mean luma 0..255. */
  readonly brightness: number;
  /** Standard deviation of luma. */
  readonly contrast: number;
  /** Share of near-white pixels (specular highlights). */
  readonly glare: number;
  /** Variance of the 4-neighbour Laplacian: low when out of focus. */
  readonly sharpness: number;
}

/**
 * Luma statistics of a face crop. Measured on the aligned face (fixed size and scale) so that the limits do
 * not depend on the camera's resolution or the face's distance.
 */
export function regionStats(image: RgbImage): RegionStats {
  const grey = toGrey(image);
  const { width: w, height: h } = image;
  let sum = 0;
  let sq = 0;
  let bright = 0;
  for (const v of grey) {
    sum += v;
    sq += v * v;
    if (v >= 250) bright++;
  }
  const n = grey.length || 1;
  const mean = sum / n;
  let lsum = 0;
  let lsq = 0;
  let count = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = grey[i - 1]! + grey[i + 1]! + grey[i - w]! + grey[i + w]! - 4 * grey[i]!;
      lsum += l;
      lsq += l * l;
      count++;
    }
  }
  const lmean = count ? lsum / count : 0;
  return {
    brightness: mean,
    contrast: Math.sqrt(Math.max(0, sq / n - mean * mean)),
    glare: bright / n,
    sharpness: count ? lsq / count - lmean * lmean : 0,
  };
}
