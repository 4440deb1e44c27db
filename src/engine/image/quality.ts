// Image quality measured on a reduced copy: focus (variance of the Laplacian), glare (clipped highlights),
// exposure (mean level, crushed shadows, blown highlights) and resolution.
import { type GrayImage, shrinkGray } from './raster.js';

export interface ImageQuality {
  readonly width: number;
  readonly height: number;
  readonly megapixels: number;
  /** Variance of the 4-neighbour Laplacian on a copy about 640 px across; below ~60 looks soft. */
  readonly sharpness: number;
  /** Share of pixels at 250 or brighter. */
  readonly glare: number;
  /** Mean level 0-255. */
  readonly brightness: number;
  /** Share of pixels at 30 or darker. */
  readonly darkShare: number;
  readonly blurry: boolean;
  readonly glareDetected: boolean;
  readonly underexposed: boolean;
  readonly overexposed: boolean;
  readonly lowResolution: boolean;
}

export function measureQuality(gray: GrayImage): ImageQuality {
  const factor = Math.max(1, Math.round(Math.max(gray.width, gray.height) / 640));
  const small = shrinkGray(gray, factor);
  const { width, height, data } = small;
  let sum = 0;
  let bright = 0;
  let dark = 0;
  for (const v of data) {
    sum += v;
    if (v >= 250) bright++;
    if (v <= 30) dark++;
  }
  let lapSum = 0;
  let lapSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const lap = data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!;
      lapSum += lap;
      lapSq += lap * lap;
      n++;
    }
  }
  const mean = n > 0 ? lapSum / n : 0;
  const sharpness = n > 0 ? lapSq / n - mean * mean : 0;
  const total = Math.max(1, data.length);
  const brightness = sum / total;
  const glare = bright / total;
  const darkShare = dark / total;
  const round = (v: number, d = 3): number => Math.round(v * 10 ** d) / 10 ** d;
  return {
    width: gray.width,
    height: gray.height,
    megapixels: round((gray.width * gray.height) / 1e6, 2),
    sharpness: round(sharpness, 1),
    glare: round(glare, 4),
    brightness: round(brightness, 1),
    darkShare: round(darkShare, 4),
    blurry: sharpness < 60,
    glareDetected: glare > 0.02,
    underexposed: brightness < 60 || darkShare > 0.5,
    overexposed: brightness > 235 || glare > 0.3,
    lowResolution: Math.min(gray.width, gray.height) < 480,
  };
}
