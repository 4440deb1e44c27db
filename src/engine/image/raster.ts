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

/**
 * ITU-R BT.601 luma in integer arithmetic (weights sum to 256). Four pixels (three 32-bit words) at a time
 * where the buffer is aligned: every photo is converted at full resolution, and byte by byte took ~1.4x as
 * long.
 */
export function rgbToGray(rgb: RgbImage): GrayImage {
  const { width, height, data } = rgb;
  const count = width * height;
  const out = new Uint8Array(count);
  const luma = (r: number, g: number, b: number): number => (77 * r + 150 * g + 29 * b) >> 8;
  let i = 0;
  if (data.byteOffset % 4 === 0 && littleEndian) {
    const words = new Uint32Array(data.buffer, data.byteOffset, Math.floor(count / 4) * 3);
    // Little-endian words: r0 g0 b0 r1 | g1 b1 r2 g2 | b2 r3 g3 b3.
    for (let w = 0; w < words.length; w += 3, i += 4) {
      const a = words[w]!;
      const b = words[w + 1]!;
      const c = words[w + 2]!;
      out[i] = luma(a & 255, (a >>> 8) & 255, (a >>> 16) & 255);
      out[i + 1] = luma(a >>> 24, b & 255, (b >>> 8) & 255);
      out[i + 2] = luma((b >>> 16) & 255, b >>> 24, c & 255);
      out[i + 3] = luma((c >>> 8) & 255, (c >>> 16) & 255, c >>> 24);
    }
  }
  for (let j = i * 3; i < count; i++, j += 3) out[i] = luma(data[j]!, data[j + 1]!, data[j + 2]!);
  return { data: out, width, height };
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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
