import type { GrayImage } from '../image/raster.js';

/**
 * Ink and paper levels of a text crop: ink at the 2nd percentile, paper at the 90th (text covers well under a
 * tenth of a line crop). `span` is at least 24 grey levels so a blank crop is not stretched into noise;
 * `paper` is the 90th percentile itself.
 */
export function inkPaperLevels(image: GrayImage): { low: number; span: number; paper: number } {
  const histogram = new Uint32Array(256);
  for (const v of image.data) histogram[v]!++;
  const n = image.data.length;
  let seen = 0;
  let low = 0;
  let high = 255;
  let lowSet = false;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (!lowSet && seen >= n * 0.02) {
      low = v;
      lowSet = true;
    }
    if (seen >= n * 0.9) {
      high = v;
      break;
    }
  }
  return { low, span: Math.max(24, high - low), paper: high };
}
