// Plain pixel buffers shared by the engine's stages. Interleaved 8-bit, row-major, no padding.

export interface GrayImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** ITU-R BT.601 luma in integer arithmetic (weights sum to 256). */
export function rgbToGray(rgb: RgbImage): GrayImage {
  const { width, height, data } = rgb;
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    out[i] = (77 * data[j]! + 150 * data[j + 1]! + 29 * data[j + 2]!) >> 8;
  }
  return { data: out, width, height };
}

/** Box-filter downscale by an integer factor; fast and alias-free enough for analysis passes. */
export function shrinkGray(image: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return image;
  const width = Math.floor(image.width / f);
  const height = Math.floor(image.height / f);
  const out = new Uint8Array(width * height);
  const area = f * f;
  const src = image.data;
  const sw = image.width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      const y0 = y * f;
      const x0 = x * f;
      for (let dy = 0; dy < f; dy++) {
        const row = (y0 + dy) * sw + x0;
        for (let dx = 0; dx < f; dx++) sum += src[row + dx]!;
      }
      out[y * width + x] = Math.round(sum / area);
    }
  }
  return { data: out, width, height };
}

/** Mirror left-right; used to test whether a scan was mirrored. */
export function mirrorGray(image: GrayImage): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = data[row + width - 1 - x]!;
  }
  return { data: out, width, height };
}
