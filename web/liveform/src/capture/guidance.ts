// On-device checks of a document in the camera frame: is it there, close enough, all four edges visible, sharp,
// free of glare and lit? Pure functions on a greyscale copy of the frame (no DOM), so they run in tests too.
// The thresholds are measured on synthetic frames (test/liveform/guidance.test.ts: rendered documents sharp,
// blurred, glare-spotted, small, cut off, dark, and empty backgrounds; README "Liveform" has the figures).

export interface Gray {
  readonly width: number;
  readonly height: number;
  /** One byte per pixel, row-major. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type Verdict = 'ok' | 'none' | 'far' | 'corners' | 'blurry' | 'glare' | 'dark';

export interface Guidance {
  readonly verdict: Verdict;
  /** The document's outline when all four edges were found. */
  readonly outline?: Rect;
  readonly edgesFound: number;
  readonly brightness: number;
  /** Variance of the Laplacian inside the document (inside the guide when no outline was found). */
  readonly sharpness: number;
  readonly glare: number;
}

export const GUIDANCE_LIMITS = {
  /** Mean grey level of the frame below which we ask for more light. */
  minBrightness: 45,
  /** An edge is a line whose grey step exceeds this at `edgeCoverage` of its length. */
  edgeStep: 16,
  edgeCoverage: 0.7,
  /**
   * Outside a found edge there must be table, not more document: the mean grey level of a band just outside
   * differs from the document's by at least this much, and the band must fit inside the frame. Otherwise the
   * "edge" is a printed line (an MRZ row, a frame) and the document's own edge is outside the guide.
   */
  minOutsideContrast: 24,
  /** Width of that band, in analysis pixels. */
  outsideBand: 8,
  /** How far inside the guide an edge is searched for (share of the guide's side). */
  searchDepth: 0.38,
  /** The document must span this share of the guide in both directions. */
  minFill: 0.78,
  /**
   * The four edges must frame the guide's shape (the document's aspect) within this share; otherwise one of
   * them is a line inside the document and its own edge is outside the guide.
   */
  maxAspectError: 0.12,
  /**
   * Variance of the Laplacian inside the document (at ~400 px analysis width) below which it is blurred.
   * Measured on synthetic frames (three seeds): sharp 1,252-3,597, blurred (sigma 2.2-4 px at 1280 px) 19-845.
   */
  minSharpness: 1000,
  /**
   * Variance of the Laplacian inside the whole guide below which the guide holds nothing but table (no edges
   * found and no print). Measured: empty tables 8-13, a small document inside the guide 281-867.
   */
  minStructure: 60,
  /** Share of saturated pixels inside the document above which there is glare (measured: none 0, glare 0.6-3.2%). */
  maxGlare: 0.004,
} as const;

/** The guide rectangle of a document of `aspect` (width / height) in a frame, centred, with a margin. */
export function guideRect(frameWidth: number, frameHeight: number, aspect: number, fill = 0.84): Rect {
  let width = frameWidth * fill;
  let height = width / aspect;
  if (height > frameHeight * fill) {
    height = frameHeight * fill;
    width = height * aspect;
  }
  return { x: (frameWidth - width) / 2, y: (frameHeight - height) / 2, width, height };
}

/** `r` grown by `share` of its size on every side, kept inside the frame. */
export function expandRect(r: Rect, share: number, width: number, height: number): Rect {
  const dx = r.width * share;
  const dy = r.height * share;
  const x = Math.max(0, r.x - dx);
  const y = Math.max(0, r.y - dy);
  return {
    x,
    y,
    width: Math.min(width - x, r.width + 2 * dx),
    height: Math.min(height - y, r.height + 2 * dy),
  };
}

/** The part of the frame that is analysed (the guide and a margin), and the guide in its analysis copy. */
export interface AnalysisWindow {
  /** In frame pixels. */
  readonly region: Rect;
  /** Analysis pixels per frame pixel. */
  readonly scale: number;
  /** The guide in the analysis copy's pixels. */
  readonly guide: Rect;
}

export function analysisWindow(
  guide: Rect,
  frameWidth: number,
  frameHeight: number,
  analysisWidth: number,
): AnalysisWindow {
  const region = expandRect(guide, 0.12, frameWidth, frameHeight);
  const scale = Math.min(1, analysisWidth / region.width);
  return {
    region,
    scale,
    guide: {
      x: (guide.x - region.x) * scale,
      y: (guide.y - region.y) * scale,
      width: guide.width * scale,
      height: guide.height * scale,
    },
  };
}

const at = (g: Gray, x: number, y: number): number => g.data[y * g.width + x]!;

/** Share of the line's samples with a grey step above the limit, and the mean step. */
function lineStrength(g: Gray, horizontal: boolean, pos: number, from: number, to: number): [number, number] {
  let strong = 0;
  let sum = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    let step = 0;
    // The strongest step within one pixel of the line, so that a slightly tilted edge still counts.
    for (let d = -1; d <= 1; d++) {
      const p = pos + d;
      const s = horizontal
        ? Math.abs(at(g, i, Math.min(g.height - 1, p + 1)) - at(g, i, Math.max(0, p - 1)))
        : Math.abs(at(g, Math.min(g.width - 1, p + 1), i) - at(g, Math.max(0, p - 1), i));
      if (s > step) step = s;
    }
    if (step >= GUIDANCE_LIMITS.edgeStep) strong++;
    sum += step;
    n++;
  }
  return [n ? strong / n : 0, n ? sum / n : 0];
}

/**
 * The outermost continuous edge of one side, searched from outside the guide inwards. Text lines and pictures
 * inside a document make short, broken edges; the document's border against the background is continuous.
 */
function findEdge(g: Gray, guide: Rect, side: 'top' | 'bottom' | 'left' | 'right'): number | undefined {
  const horizontal = side === 'top' || side === 'bottom';
  const length = horizontal ? guide.width : guide.height;
  const depth = (horizontal ? guide.height : guide.width) * GUIDANCE_LIMITS.searchDepth;
  const start = horizontal ? guide.x : guide.y;
  // Sample the middle 70% of the side: corners may be rounded.
  const from = Math.max(1, Math.round(start + length * 0.15));
  const to = Math.min((horizontal ? g.width : g.height) - 1, Math.round(start + length * 0.85));
  const limit = horizontal ? g.height - 2 : g.width - 2;
  const outer = { top: guide.y, bottom: guide.y + guide.height, left: guide.x, right: guide.x + guide.width }[
    side
  ];
  const inward = side === 'top' || side === 'left' ? 1 : -1;
  const margin = Math.max(4, Math.round(depth * 0.35));
  const first = Math.round(outer - inward * margin);
  const last = Math.round(outer + inward * depth);
  for (let pos = first; inward > 0 ? pos <= last : pos >= last; pos += inward) {
    if (pos < 1 || pos > limit) continue;
    const [coverage] = lineStrength(g, horizontal, pos, from, to);
    if (coverage >= GUIDANCE_LIMITS.edgeCoverage) return pos;
  }
  return undefined;
}

function regionStats(g: Gray, r: Rect): { mean: number; glare: number; laplacianVariance: number } {
  const x0 = Math.max(1, Math.round(r.x));
  const y0 = Math.max(1, Math.round(r.y));
  const x1 = Math.min(g.width - 1, Math.round(r.x + r.width));
  const y1 = Math.min(g.height - 1, Math.round(r.y + r.height));
  let sum = 0;
  let saturated = 0;
  let lapSum = 0;
  let lapSq = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = at(g, x, y);
      sum += v;
      if (v >= 250) saturated++;
      const lap = at(g, x - 1, y) + at(g, x + 1, y) + at(g, x, y - 1) + at(g, x, y + 1) - 4 * v;
      lapSum += lap;
      lapSq += lap * lap;
      n++;
    }
  }
  if (n === 0) return { mean: 0, glare: 0, laplacianVariance: 0 };
  const lapMean = lapSum / n;
  return { mean: sum / n, glare: saturated / n, laplacianVariance: lapSq / n - lapMean * lapMean };
}

/**
 * Whether the print inside the guide (pixels with a strong grey step) lies well inside it and spans less than
 * `minFill` of it: a small document in the middle, not a large one cut by the guide.
 */
function smallAndInside(g: Gray, guide: Rect): boolean {
  const x0 = Math.max(1, Math.round(guide.x));
  const y0 = Math.max(1, Math.round(guide.y));
  const x1 = Math.min(g.width - 1, Math.round(guide.x + guide.width));
  const y1 = Math.min(g.height - 1, Math.round(guide.y + guide.height));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0; x < x1; x += 2) {
      const step = Math.max(
        Math.abs(at(g, x + 1, y) - at(g, x - 1, y)),
        Math.abs(at(g, x, y + 1) - at(g, x, y - 1)),
      );
      if (step >= GUIDANCE_LIMITS.edgeStep * 2) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 20) return false;
  xs.sort((a, b) => a - b);
  ys.sort((a, b) => a - b);
  // 2nd and 98th percentiles: a few stray specks do not make the print larger.
  const q = (values: number[], p: number) => values[Math.floor(p * (values.length - 1))]!;
  const box = { x0: q(xs, 0.02), x1: q(xs, 0.98), y0: q(ys, 0.02), y1: q(ys, 0.98) };
  const marginX = guide.width * 0.04;
  const marginY = guide.height * 0.04;
  const inside =
    box.x0 > x0 + marginX && box.x1 < x1 - marginX && box.y0 > y0 + marginY && box.y1 < y1 - marginY;
  const small =
    box.x1 - box.x0 < guide.width * GUIDANCE_LIMITS.minFill &&
    box.y1 - box.y0 < guide.height * GUIDANCE_LIMITS.minFill;
  return inside && small;
}

/** Whether a band just outside each side of the outline is table (unlike the document), inside the frame. */
function tableAround(g: Gray, outline: Rect, documentMean: number): boolean {
  const band = GUIDANCE_LIMITS.outsideBand;
  const gap = 3;
  const x0 = outline.x;
  const y0 = outline.y;
  const x1 = outline.x + outline.width;
  const y1 = outline.y + outline.height;
  // Middle 70% of each side, as the edges were searched.
  const dx = outline.width * 0.15;
  const dy = outline.height * 0.15;
  const bands: Rect[] = [
    { x: x0 + dx, y: y0 - gap - band, width: outline.width - 2 * dx, height: band },
    { x: x0 + dx, y: y1 + gap, width: outline.width - 2 * dx, height: band },
    { x: x0 - gap - band, y: y0 + dy, width: band, height: outline.height - 2 * dy },
    { x: x1 + gap, y: y0 + dy, width: band, height: outline.height - 2 * dy },
  ];
  return bands.every((r) => {
    const inFrame = r.x >= 0 && r.y >= 0 && r.x + r.width <= g.width && r.y + r.height <= g.height;
    return inFrame && Math.abs(regionStats(g, r).mean - documentMean) >= GUIDANCE_LIMITS.minOutsideContrast;
  });
}

/** The advice for one frame; `guide` is where the page asks the document to be, in the frame's pixels. */
export function assessDocument(g: Gray, guide: Rect): Guidance {
  const L = GUIDANCE_LIMITS;
  const whole = regionStats(g, { x: 0, y: 0, width: g.width, height: g.height });
  const base = { brightness: whole.mean, sharpness: 0, glare: 0 };
  if (whole.mean < L.minBrightness) return { verdict: 'dark', edgesFound: 0, ...base };
  const top = findEdge(g, guide, 'top');
  const bottom = findEdge(g, guide, 'bottom');
  const left = findEdge(g, guide, 'left');
  const right = findEdge(g, guide, 'right');
  const found = [top, bottom, left, right].filter((e) => e !== undefined).length;
  if (top === undefined || bottom === undefined || left === undefined || right === undefined) {
    const inside = regionStats(g, guide);
    // Almost no structure in the guide: nothing is there yet. Structure well inside the guide and small: a
    // document too far away for its edges to span the guide. Otherwise a side is missing.
    let verdict: Verdict = 'corners';
    if (found === 0 && inside.laplacianVariance < L.minStructure) verdict = 'none';
    else if (smallAndInside(g, guide)) verdict = 'far';
    return { verdict, edgesFound: found, ...base, sharpness: inside.laplacianVariance };
  }
  const outline = { x: left, y: top, width: right - left, height: bottom - top };
  const aspectError = Math.abs(outline.width / outline.height / (guide.width / guide.height) - 1);
  if (aspectError > L.maxAspectError) return { verdict: 'corners', outline, edgesFound: 4, ...base };
  if (outline.width < guide.width * L.minFill || outline.height < guide.height * L.minFill) {
    return { verdict: 'far', outline, edgesFound: 4, ...base };
  }
  const inset = { x: left + 3, y: top + 3, width: outline.width - 6, height: outline.height - 6 };
  const stats = regionStats(g, inset);
  if (!tableAround(g, outline, stats.mean)) return { verdict: 'corners', outline, edgesFound: 4, ...base };
  const measured = { brightness: whole.mean, sharpness: stats.laplacianVariance, glare: stats.glare };
  if (stats.glare > L.maxGlare) return { verdict: 'glare', outline, edgesFound: 4, ...measured };
  if (stats.laplacianVariance < L.minSharpness)
    return { verdict: 'blurry', outline, edgesFound: 4, ...measured };
  return { verdict: 'ok', outline, edgesFound: 4, ...measured };
}

/** RGBA pixels (a canvas's ImageData) to grey levels, Rec. 601 weights. */
export function toGray(rgba: Uint8ClampedArray, width: number, height: number): Gray {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    data[i] = (rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29) >> 8;
  }
  return { width, height, data };
}
