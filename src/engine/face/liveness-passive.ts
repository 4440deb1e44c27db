import { cropRgb, toGrey } from './rgb-image.js';
import type { Box, PassiveLivenessSignals, RgbImage } from './types.js';

const N = 64;

function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

/**
 * Peakiness of the high-frequency spectrum of a native-resolution patch of the face: skin has a smooth,
 * falling spectrum, while a screen's pixel grid or a print's halftone beats with the camera's sensor into
 * narrow peaks (moiré). Returns the share of the spectrum's AC power in its strongest high-frequency bin.
 */
export function moirePeakShare(image: RgbImage, face: Box): number {
  const side = Math.min(face.width, face.height) * 0.5;
  if (side < N) return 0;
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height * 0.55;
  const patch = cropRgb(image, { x: Math.round(cx - N / 2), y: Math.round(cy - N / 2), width: N, height: N });
  if (patch.width < N || patch.height < N) return 0;
  const grey = toGrey(patch);
  const power = new Float64Array(N / 2);
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  for (const horizontal of [true, false]) {
    for (let line = 0; line < N; line++) {
      for (let i = 0; i < N; i++) {
        const v = horizontal ? grey[line * N + i]! : grey[i * N + line]!;
        re[i] = v * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (N - 1)));
        im[i] = 0;
      }
      fft(re, im);
      for (let k = 1; k < N / 2; k++) power[k] = power[k]! + re[k]! * re[k]! + im[k]! * im[k]!;
    }
  }
  let total = 0;
  for (let k = 1; k < N / 2; k++) total += power[k]!;
  let peak = 0;
  for (let k = N / 8; k < N / 2; k++) peak = Math.max(peak, power[k]!);
  return total > 0 ? peak / total : 0;
}

/**
 * Peak shares at or below this are natural; at or above the upper bound, a screen or print pattern. Measured:
 * 40 real face photos 0.0000-0.0002; the same photos re-shot through a simulated RGB-stripe display
 * (3 px period, camera resampling, JPEG) 0.0104-0.0140, and ~0.004 after a second resampling and JPEG pass.
 */
const MOIRE_NATURAL = 0.001;
const MOIRE_SPOOF = 0.004;

export function passiveSignals(input: {
  image: RgbImage;
  face: Box;
  antispoof: number | null;
  liveness: number | null;
}): PassiveLivenessSignals {
  const ratio = moirePeakShare(input.image, input.face);
  const moire = 1 - Math.min(1, Math.max(0, (ratio - MOIRE_NATURAL) / (MOIRE_SPOOF - MOIRE_NATURAL)));
  const parts: [number, number][] = [[moire, 0.25]];
  if (input.antispoof !== null) parts.push([input.antispoof, 0.5]);
  if (input.liveness !== null) parts.push([input.liveness, 0.25]);
  const weight = parts.reduce((s, [, w]) => s + w, 0);
  let combined = parts.reduce((s, [v, w]) => s + v * w, 0) / weight;
  // A strong periodic pattern is not skin: it vetoes the models (measured: the anti-spoofing model still
  // scored 23 of 24 simulated screen re-captures as real).
  if (moire < 0.5) combined = Math.min(combined, 0.45 * (moire / 0.5));
  return { antispoof: input.antispoof, liveness: input.liveness, moire, combined };
}
