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

/**
 * Box-filter downscale by an integer factor; fast and alias-free enough for analysis passes. Each output
 * row sums its source rows column group by column group (the common factors unrolled): the quality metrics
 * and the MRZ locator shrink every full-resolution photo, and the generic loop cost ~1.4x as much.
 */
export function shrinkGray(image: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return image;
  const width = Math.floor(image.width / f);
  const height = Math.floor(image.height / f);
  const out = new Uint8Array(width * height);
  const area = f * f;
  const src = image.data;
  const sw = image.width;
  const sums = new Uint32Array(width);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < f; dy++) {
      let i = (y * f + dy) * sw;
      if (f === 2) {
        for (let x = 0; x < width; x++, i += 2) sums[x]! += src[i]! + src[i + 1]!;
      } else if (f === 3) {
        for (let x = 0; x < width; x++, i += 3) sums[x]! += src[i]! + src[i + 1]! + src[i + 2]!;
      } else if (f === 4) {
        for (let x = 0; x < width; x++, i += 4) {
          sums[x]! += src[i]! + src[i + 1]! + src[i + 2]! + src[i + 3]!;
        }
      } else {
        for (let x = 0; x < width; x++) {
          let s = 0;
          for (let dx = 0; dx < f; dx++, i++) s += src[i]!;
          sums[x]! += s;
        }
      }
    }
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = Math.round(sums[x]! / area);
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
