// Perspective cut of a quadrilateral out of an RGB image into an upright rectangle (opencv-js).
import { opencv, withMats } from '../geometry/opencv.js';
import type { Quad } from '../geometry/quad.js';
import type { RgbImage } from '../image/raster.js';

/** Samples `quad` (tl, tr, br, bl) of `image` into a `width` x `height` image; call `loadOpenCv()` first. */
export function warpQuadImage(image: RgbImage, quad: Quad, width: number, height: number): RgbImage {
  const cv = opencv();
  return withMats((track) => {
    const src = track(new cv.Mat(image.height, image.width, cv.CV_8UC3));
    src.data.set(image.data);
    const from = track(
      cv.matFromArray(
        4,
        1,
        cv.CV_32FC2,
        quad.flatMap((p) => [p.x, p.y]),
      ),
    );
    const to = track(cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, width, 0, width, height, 0, height]));
    const m = track(cv.getPerspectiveTransform(from, to));
    const dst = track(new cv.Mat());
    // Shrinking by more than 2 aliases with plain bilinear sampling; pre-blur in proportion.
    const [tl, tr, , bl] = quad;
    const shrink = Math.max(
      Math.hypot(tr.x - tl.x, tr.y - tl.y) / width,
      Math.hypot(bl.x - tl.x, bl.y - tl.y) / height,
    );
    let source = src;
    if (shrink > 2) {
      source = track(new cv.Mat());
      const k = Math.min(15, 2 * Math.floor(shrink / 2) + 1);
      cv.GaussianBlur(src, source, new cv.Size(k, k), 0);
    }
    cv.warpPerspective(source, dst, m, new cv.Size(width, height), cv.INTER_LINEAR, cv.BORDER_REPLICATE);
    return { data: new Uint8Array(dst.data), width, height };
  });
}
