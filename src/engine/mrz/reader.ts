// Finds, straightens and reads the MRZ of a document image: classical locator -> line crops in reading
// direction -> PP-OCR recognition restricted to the MRZ alphabet -> fixed-length CTC decoding -> parser.
// A reading is only reported when it looks like an MRZ (check digits or a clean, confident fixed-length
// read); otherwise the next candidate region, the other reading direction and finally a mirrored reading
// are tried, and null is returned rather than an invented MRZ.

import { applyHomography, solveHomography } from '../geometry/homography.js';
import {
  blobQuad,
  type LineBlob,
  locateMrzRegions,
  type MrzRegion,
  searchFactors,
} from '../geometry/mrz-locator.js';
import { type Point, type Quad, quadAngle } from '../geometry/quad.js';
import { type FrameMap, quadMap, warpMap } from '../geometry/warp.js';
import type { GrayImage } from '../image/raster.js';
import { mrzAlphabet } from '../ocr/charset.js';
import { inkPaperLevels } from '../ocr/contrast.js';
import {
  type CharPitch,
  type DecodedChar,
  decodeWithLength,
  type FrameProbabilities,
  fitPitch,
  greedyDecode,
} from '../ocr/ctc.js';
import { glyphInkHeight } from '../ocr/glyph-height.js';
import { cellDescriptor, meanDescriptor, similarity } from '../ocr/glyphs.js';
import { upsideDownProbability } from '../ocr/orientation.js';
import { type LineCells, localPitch, measureCells, periodicity } from '../ocr/pitch.js';
import { recognitionHeight, recognizeLines } from '../ocr/recognizer.js';
import { charValue } from './check-digit.js';
import { formatFor } from './formats.js';
import { parseMrz } from './parse.js';
import type { CharEvidence, MrzParseResult } from './types.js';

export interface MrzCharReading {
  readonly char: string;
  readonly confidence: number;
  /** The character's cell in the original image, in reading order (tl, tr, br, bl). */
  readonly quad: Quad;
}

export interface MrzLineReading {
  /** As recognised, before any parser repair. */
  readonly text: string;
  readonly confidence: number;
  /** The line in the original image, in reading order (tl, tr, br, bl). */
  readonly quad: Quad;
  readonly chars: readonly MrzCharReading[];
}

export interface MrzReading {
  readonly parsed: MrzParseResult;
  readonly lines: readonly MrzLineReading[];
  /** Clockwise quarter turns (degrees) that make the document upright (after un-mirroring, if mirrored). */
  readonly rotation: 0 | 90 | 180 | 270;
  /** Reading direction of the MRZ in degrees, counter-clockwise from the image's x axis. */
  readonly angle: number;
  readonly mirrored: boolean;
  readonly confidence: number;
  /** Recognition passes spent (each reads every line of one candidate once). */
  readonly attempts: number;
}

export interface ReadMrzOptions {
  readonly today?: Date;
  /** Candidate regions to try at most. */
  readonly maxRegions?: number;
}

/** Recognition width per expected character; 2 CTC frames per character is the floor, 16 px keeps it. */
const pixelsPerChar = 18;

export async function readMrz(gray: GrayImage, options: ReadMrzOptions = {}): Promise<MrzReading | null> {
  const { coarse, fine } = searchFactors(gray.width, gray.height);
  const passes = fine === null ? [coarse] : [coarse, fine];
  let attempts = 0;
  let fallback: MrzReading | null = null;
  for (const mirrored of [false, true]) {
    for (const factor of passes) {
      const regions = locateMrzRegions(gray, factor).slice(0, options.maxRegions ?? 3);
      for (const region of regions) {
        for (const layout of lineLayouts) {
          const outlined = regionLineFrames(region, mirrored, layout);
          const outlinedCrops = outlined.map((frame) => cropLine(gray, frame, region));
          const evened = evenPitchFrames(outlined, outlinedCrops);
          const forward = evened ?? outlined;
          const crops = evened ? forward.map((frame) => cropLine(gray, frame, region)) : outlinedCrops;
          const upsideDown = await upsideDownProbability(crops.slice(0, 1));
          const turnedFirst = (upsideDown[0] ?? 0) > 0.5;
          for (const turned of turnedFirst ? [true, false] : [false, true]) {
            const frames = turned ? [...forward].reverse().map(turnFrame) : forward;
            const lineCrops = turned ? frames.map((frame) => cropLine(gray, frame, region)) : crops;
            attempts++;
            const reading = await readLines(frames, lineCrops, options, mirrored, attempts);
            if (!reading) continue;
            if (reading.parsed.valid) return reading;
            if (!fallback || reading.confidence > fallback.confidence) fallback = reading;
          }
        }
        if (fallback) return fallback;
      }
    }
    if (fallback) return fallback;
  }
  return fallback;
}

/**
 * How line frames are laid out: as found (each line as long as its blob), and if that gives no valid
 * reading, spanned (every line as long as the stack, with more margin): a line blob can lose a faint
 * filler run or a glyph at the crop's edge.
 */
type LineLayout = 'found' | 'spanned';
const lineLayouts: readonly LineLayout[] = ['found', 'spanned'];

/** A line's outline and the map from unit line coordinates (s along, t across) into the image. */
interface LineFrame {
  readonly quad: Quad;
  readonly map: FrameMap;
}

function frameOf(map: FrameMap): LineFrame {
  return { quad: [map(0, 0), map(1, 0), map(1, 1), map(0, 1)], map };
}

function turnFrame(frame: LineFrame): LineFrame {
  return frameOf((s, t) => frame.map(1 - s, 1 - t));
}

/**
 * Line frames of a region. When the lines converge, the document is seen in perspective: MRZ lines are
 * equally long and start at the same column, so the ends of the first and last line span a rectangle on
 * the document, and a homography straightens every line. Lines found of unequal length are taken as
 * perspective too, unless spanned (a line found in part); what perspective remains shows in the pitch.
 */
function regionLineFrames(region: MrzRegion, mirrored: boolean, layout: LineLayout): LineFrame[] {
  const thickness = median(region.lines.map((l) => l.thickness));
  const padAlong = (layout === 'found' ? 0.6 : 1.0) * thickness;
  const padAcross = 0.38 * thickness;
  const lines = region.lines;
  const first = lines[0]!;
  const last = lines.at(-1)!;
  const turn = Math.acos(Math.min(1, Math.abs(first.axis.x * last.axis.x + first.axis.y * last.axis.y)));
  let frames: LineFrame[];
  const lengthRatio = Math.min(first.length, last.length) / Math.max(first.length, last.length);
  const converging = turn > (0.6 * Math.PI) / 180 || (layout === 'found' && lengthRatio < 0.97);
  if (lines.length >= 2 && converging) {
    const ends = (l: LineBlob): [Point, Point] => [
      { x: l.center.x - (l.axis.x * l.length) / 2, y: l.center.y - (l.axis.y * l.length) / 2 },
      { x: l.center.x + (l.axis.x * l.length) / 2, y: l.center.y + (l.axis.y * l.length) / 2 },
    ];
    const [tl, tr] = ends(first);
    const [bl, br] = ends(last);
    const width = (first.length + last.length) / 2;
    const height = Math.hypot(last.center.x - first.center.x, last.center.y - first.center.y);
    const h = solveHomography(
      [
        { x: 0, y: 0 },
        { x: width, y: 0 },
        { x: width, y: height },
        { x: 0, y: height },
      ],
      [tl, tr, br, bl],
    );
    frames = lines.map((_, i) => {
      const yc = (i / (lines.length - 1)) * height;
      const x0 = -padAlong;
      const x1 = width + padAlong;
      const y0 = yc - thickness / 2 - padAcross;
      const y1 = yc + thickness / 2 + padAcross;
      return frameOf((s, t) => applyHomography(h, { x: x0 + (x1 - x0) * s, y: y0 + (y1 - y0) * t }));
    });
  } else {
    // Parallel lines of one zone are equally long and start in the same column: a line found shorter
    // lost a piece (a faint filler run, a glare spot), so every line spans the whole stack.
    const axis = first.axis;
    const along = (p: Point): number => (p.x - first.center.x) * axis.x + (p.y - first.center.y) * axis.y;
    const lo = Math.min(...lines.map((l) => along(l.center) - l.length / 2));
    const hi = Math.max(...lines.map((l) => along(l.center) + l.length / 2));
    const spanned = lines.map((line): LineBlob => {
      if (layout === 'found') return line;
      const shift = (lo + hi) / 2 - along(line.center);
      return {
        ...line,
        center: { x: line.center.x + axis.x * shift, y: line.center.y + axis.y * shift },
        axis,
        length: hi - lo,
      };
    });
    frames = spanned.map((line) => {
      const quad = blobQuad({ ...line, thickness }, padAlong, padAcross);
      return { quad, map: quadMap(quad) };
    });
  }
  return mirrored ? frames.map((f) => frameOf((s, t) => f.map(1 - s, t))) : frames;
}

/**
 * Under perspective the character pitch changes along a line, and line ends that are close together say
 * little about how much. The pitch itself does: it is measured near both ends of every line, and when the
 * lines agree that it changes, each line is re-sampled along its length by the one-dimensional projective
 * map (the homography restricted to a line) that makes the pitch even, and across it by the matching
 * scale. Null when the pitch is already even.
 */
function evenPitchFrames(frames: readonly LineFrame[], crops: readonly GrayImage[]): LineFrame[] | null {
  const shapes: number[] = [];
  for (const crop of crops) {
    const cells = measureCells(crop);
    const span = cells.end - cells.start;
    if (span < 0.5 * crop.width) return null;
    // Lags from a 44-character line to a 26-character one: every MRZ length, never twice the pitch.
    const minLag = span / 52;
    const maxLag = span / 26;
    const window = 0.42 * span;
    const left = localPitch(cells, cells.start, cells.start + window, minLag, maxLag);
    const right = localPitch(cells, cells.end - window, cells.end, minLag, maxLag);
    if (left === null || right === null) return null;
    // Pitch at crop position s is proportional to (1 - k s)^2 under the map s = u / (1 - k + k u).
    const q = Math.sqrt(right / left);
    const sLeft = (cells.start + window / 2) / crop.width;
    const sRight = (cells.end - window / 2) / crop.width;
    shapes.push((1 - q) / (sRight - q * sLeft));
  }
  if (shapes.length === 0) return null;
  const low = Math.min(...shapes);
  const high = Math.max(...shapes);
  // Lines of one zone lie on one plane: they must agree on the direction of the change.
  if (low * high <= 0) return null;
  const k = median(shapes);
  // Below a 3% change of pitch from end to end the grid fit absorbs it.
  if (Math.abs(k) < 0.015 || Math.abs(k) > 0.45) return null;
  const along = (u: number): number => u / (1 - k + k * u);
  // Across the line the scale changes as the square root of the change along it; the band was cut for the
  // mean scale.
  const across = (s: number): number => (1 - k * s) / (1 - k / 2);
  return frames.map((frame) =>
    frameOf((u, t) => {
      const s = along(u);
      return frame.map(s, 0.5 + (t - 0.5) * across(s));
    }),
  );
}

function cropLine(gray: GrayImage, frame: LineFrame, region: MrzRegion): GrayImage {
  // Two-line zones are 36 or 44 characters long; sizing for 44 keeps either readable.
  const expectedChars = region.lines.length === 3 ? 30 : 44;
  const width = Math.round(expectedChars * pixelsPerChar * 1.06);
  return warpMap(gray, frame.map, width, recognitionHeight);
}

/** Character cells of one line image: cell k spans [start + k * pitch, start + (k + 1) * pitch). */
interface CellGrid {
  readonly start: number;
  readonly pitch: number;
}

/**
 * The line length of the zone, from the measured pitch: 3 lines are TD1 (30 characters), 2 lines are
 * TD2/MRV-B (36) or TD3/MRV-A (44).
 */
function zoneLength(lineCount: number, crops: readonly GrayImage[]): number | null {
  if (lineCount === 3) return 30;
  if (lineCount !== 2) return null;
  let vote = 0;
  for (const crop of crops) {
    const cells = measureCells(crop);
    const span = cells.end - cells.start;
    vote += periodicity(cells, span / 43.8) - periodicity(cells, span / 35.8);
  }
  return vote >= 0 ? 44 : 36;
}

function cellGrid(crop: GrayImage, length: number): CellGrid {
  const cells = measureCells(crop);
  const start = lineStart(cells, length);
  const span = Math.max(length, cells.end - start);
  // The last glyph does not fill its whole cell.
  const pitch = span / (length - 0.2);
  return { start, pitch };
}

/**
 * Where the line's first glyph begins. Every MRZ line starts with a letter or digit, and neighbouring
 * glyphs of a monospaced line are never a whole cell apart; ink before such a gap near the start (a
 * speck, a pattern line, a page edge) belongs to something else.
 */
function lineStart(cells: LineCells, length: number): number {
  const { profile, start, end } = cells;
  const pitch = (end - start) / (length - 0.2);
  let peak = 0;
  for (let x = start; x < end; x++) peak = Math.max(peak, profile[x]!);
  // The ink level the extent was measured at (measureCells' floor).
  const floor = 0.12 * peak;
  let first = start;
  let gap = 0;
  for (let x = start; x < Math.min(end, start + 3 * pitch); x++) {
    if (profile[x]! <= floor) {
      gap++;
      continue;
    }
    if (gap >= 0.9 * pitch) first = x;
    gap = 0;
  }
  return first;
}

/** Overlapping pieces of a line read separately: long runs of '<' confuse the recogniser's context. */
function chunksOf(length: number): [number, number][] {
  const count = 2;
  const overlap = 4;
  const size = Math.ceil((length + overlap * (count - 1)) / count);
  const step = (length - size) / (count - 1);
  return Array.from({ length: count }, (_, i): [number, number] => {
    const from = Math.round(i * step);
    return [from, Math.min(length, from + size)];
  });
}

/** The model's frame count for the widest piece (narrower pieces report only their own frames). */
function recognitionFrames(
  probabilities: readonly FrameProbabilities[],
  pieces: readonly { image: GrayImage }[],
): number | null {
  let best: number | null = null;
  let widest = -1;
  pieces.forEach((piece, i) => {
    if (piece.image.width > widest) {
      widest = piece.image.width;
      best = probabilities[i]?.frames ?? null;
    }
  });
  return best;
}

/**
 * Columns x0..x1 of a line image. Columns outside the image are paper: the recogniser reads a glyph that
 * touches the image's edge poorly (a last filler read as an 8), and a blank margin is what it was trained on.
 */
function cutColumns(image: GrayImage, x0: number, x1: number): GrayImage {
  const left = Math.floor(x0);
  const width = Math.max(1, Math.ceil(x1) - left);
  const from = Math.max(0, left);
  const to = Math.min(image.width, left + width);
  const data = new Uint8Array(width * image.height).fill(inkPaperLevels(image).paper);
  if (to > from) {
    for (let y = 0; y < image.height; y++) {
      data.set(image.data.subarray(y * image.width + from, y * image.width + to), y * width + (from - left));
    }
  }
  return { data, width, height: image.height };
}

/**
 * The characters of one recognised piece: the cells of `grid` that lie inside columns offset..offset+width
 * of the line image, decoded to exactly their number. Null when no cell lies inside; 'failed' when the
 * frames cannot hold that many characters.
 */
function decodePiece(
  probs: FrameProbabilities,
  offset: number,
  width: number,
  grid: CellGrid,
  frameWidth: number,
  lineLength: number,
): { from: number; chars: DecodedChar[] } | null | 'failed' {
  // The characters whose cells lie inside this piece.
  const from = Math.max(0, Math.ceil((offset - grid.start) / grid.pitch - 0.3));
  const to = Math.min(lineLength, Math.floor((offset + width - grid.start) / grid.pitch + 0.3));
  const count = to - from;
  if (count <= 0) return null;
  const framesPerPixel = 1 / frameWidth;
  // The recogniser fires on the frame that holds a glyph's left edge, not its centre (measured).
  const firstLeft = grid.start + from * grid.pitch - offset;
  const pitch: CharPitch = {
    start: firstLeft * framesPerPixel - 0.5,
    step: grid.pitch * framesPerPixel,
    sigma: Math.max(0.6, 0.45 * grid.pitch * framesPerPixel),
  };
  // A piece whose plain reading already has exactly its number of characters needs no grid (the grid
  // is only a model of the pitch, which perspective bends).
  const cellsStart = firstLeft - 0.5 * grid.pitch;
  const cellsEnd = firstLeft + (count - 0.4) * grid.pitch;
  const plain = greedyDecode(probs).filter((c) => {
    const left = (c.firstFrame + 0.5) * frameWidth;
    return left >= cellsStart && left <= cellsEnd;
  });
  if (plain.length === count) return { from, chars: plain };
  const rough = decodeWithLength(probs, count, pitch);
  if (!rough) return 'failed';
  // Where the recogniser fires inside a cell is its own habit: refit the grid to the first alignment.
  const refit = fitPitch(rough);
  const usable = refit && Math.abs(refit.step - pitch.step) < 0.15 * pitch.step;
  const chars =
    (usable && decodeWithLength(probs, count, { ...refit, sigma: Math.max(0.5, 0.3 * refit.step) })) || rough;
  return { from, chars };
}

/** Below this confidence a character is read again (see rereadRuns). */
const doubtfulConfidence = 0.6;
/** Horizontal stretch of a re-read: glyphs wider than the model's habit split runs it had merged or skipped. */
const rereadStretch = 1.3;
/** Cells of context read with a doubtful run on each side. */
const rereadContext = 2;

/** Two characters of equal check-digit value modulo 10 (U and 0, K and <, G and 6): no check digit tells them apart. */
function checkBlindPair(a: string, b: string): boolean {
  return (charValue(a) - charValue(b)) % 10 === 0;
}

interface CellRun {
  readonly line: number;
  readonly from: number;
  to: number;
}

/**
 * Runs of doubtful characters (below `doubtfulConfidence`) that nothing has confirmed: a character covered
 * by a check digit that holds is confirmed (a swap that check could not notice aside), any other is not.
 */
function doubtfulRuns(
  decoded: readonly (readonly DecodedChar[])[],
  parsed: MrzParseResult | null,
): CellRun[] {
  const spec = parsed ? formatFor(parsed.lines) : null;
  const confirmed = (line: number, column: number): boolean =>
    !!spec &&
    spec.checks.some(
      (check, i) =>
        parsed?.checks[i]?.valid === true &&
        check.covers.some(([l, start, end]) => l === line && column >= start && column < end),
    );
  const runs: CellRun[] = [];
  decoded.forEach((chars, line) => {
    chars.forEach((c, k) => {
      if (c.confidence >= doubtfulConfidence) return;
      if (
        confirmed(line, k) &&
        !Object.keys(c.candidates).some((o) => o !== c.char && checkBlindPair(o, c.char))
      )
        return;
      const last = runs.at(-1);
      if (last && last.line === line && k - last.to <= 2 * rereadContext) last.to = k + 1;
      else runs.push({ line, from: k, to: k + 1 });
    });
  });
  return runs;
}

/**
 * Doubtful runs (a filler run the recogniser skipped under a pattern line, a doubled letter it merged)
 * read once more, alone with a little context, stretched along the line and with the light pattern
 * washed out; a cell takes the new reading where it is more confident. Null when nothing changed.
 */
async function rereadRuns(
  runs: readonly CellRun[],
  decoded: readonly (readonly DecodedChar[])[],
  crops: readonly GrayImage[],
  grids: readonly CellGrid[],
  lineLength: number,
): Promise<DecodedChar[][] | null> {
  const pieces = runs.map((run) => {
    const grid = grids[run.line]!;
    const first = Math.max(0, run.from - rereadContext);
    const last = Math.min(lineLength, run.to + rereadContext);
    const x0 = grid.start + (first - 1) * grid.pitch;
    const x1 = grid.start + (last + 1) * grid.pitch;
    const image = stretchColumns(crops[run.line]!, x0, x1, rereadStretch);
    const stretched: CellGrid = {
      start: (grid.start - x0) * rereadStretch,
      pitch: grid.pitch * rereadStretch,
    };
    return { run, image, stretched };
  });
  const probabilities = await recognizeLines(
    pieces.map((p) => p.image),
    mrzAlphabet,
  );
  const frameWidth =
    Math.max(...pieces.map((p) => p.image.width)) / (recognitionFrames(probabilities, pieces) ?? 1);
  const out = decoded.map((chars) => [...chars]);
  let changed = false;
  pieces.forEach(({ run, image, stretched }, i) => {
    const read = decodePiece(probabilities[i]!, 0, image.width, stretched, frameWidth, lineLength);
    if (!read || read === 'failed') return;
    read.chars.forEach((c, j) => {
      const k = read.from + j;
      if (k < run.from || k >= run.to || c.confidence <= out[run.line]![k]!.confidence) return;
      out[run.line]![k] = c;
      changed = true;
    });
  });
  return changed ? out : null;
}

/**
 * Grey levels above this share of the way from ink to paper become paper in a re-read (0.6 to 0.8 read a
 * filler run crossed by guilloche lines; without it, or stretched 1.6x, the run was skipped again).
 */
const washOut = 0.7;

/**
 * Light print under the zone (guilloche lines, a tinted background) crossing thin glyphs such as '<'
 * makes the recogniser skip them: everything lighter than most of the way from ink to paper is paper.
 */
function whitenPattern(image: GrayImage): GrayImage {
  const { low, span } = inkPaperLevels(image);
  const top = low + washOut * span;
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = image.data[i]!;
    data[i] = v >= top ? 255 : Math.round((Math.max(0, v - low) * 255) / (top - low));
  }
  return { ...image, data };
}

/** Columns x0..x1 of a line image resampled `factor` times wider; columns outside the image are paper. */
function stretchColumns(image: GrayImage, x0: number, x1: number, factor: number): GrayImage {
  const width = Math.max(1, Math.round((x1 - x0) * factor));
  const paper = inkPaperLevels(image).paper;
  const data = new Uint8Array(width * image.height);
  for (let X = 0; X < width; X++) {
    const x = x0 + (X + 0.5) / factor - 0.5;
    const left = Math.floor(x);
    const w = x - left;
    for (let y = 0; y < image.height; y++) {
      const row = y * image.width;
      const a = left >= 0 && left < image.width ? image.data[row + left]! : paper;
      const b = left + 1 >= 0 && left + 1 < image.width ? image.data[row + left + 1]! : paper;
      data[y * width + X] = Math.round(a + (b - a) * w);
    }
  }
  return whitenPattern({ data, width, height: image.height });
}

/**
 * Text and parse of a decoded zone: fillers settled by likeness, check-digit and field-type repairs, and
 * look-alike pairs weighed by the zone's own glyphs. Null when the text fits no MRZ format.
 */
function interpretDecoded(
  first: readonly (readonly DecodedChar[])[],
  crops: readonly GrayImage[],
  grids: readonly CellGrid[],
  options: ReadMrzOptions,
): { decoded: DecodedChar[][]; parsed: MrzParseResult } | null {
  const decoded = first.map((chars) => [...chars]);
  settleFillers(decoded, crops, grids);
  const texts = decoded.map((chars) => chars.map((c) => c.char).join(''));
  const evidence: CharEvidence[][] = decoded.map((chars) =>
    chars.map((c) => ({
      confidence: c.confidence,
      alternative: c.alternative?.char ?? null,
      alternativeConfidence: c.alternative?.confidence ?? 0,
      candidates: c.candidates,
    })),
  );
  const parseOptions = options.today ? { today: options.today } : {};
  let parsed = parseMrz(texts, { evidence, ...parseOptions });
  if (!parsed) return null;
  const sharpened = lookalikeEvidence(texts, evidence, crops, grids);
  if (sharpened) {
    // Optional data has no check digit of its own: there the zone's own 0 and O glyphs decide. Elsewhere
    // they decide too when the check digits still hold (0 and O swapped at equal weights pass them).
    const settled = settleLookalikes(texts, sharpened);
    if (settled) {
      const reparsed = parseMrz(settled, { evidence: sharpened, ...parseOptions });
      if (reparsed && (reparsed.valid || !parsed.valid)) parsed = reparsed;
    }
    if (!parsed.valid) parsed = parseMrz(texts, { evidence: sharpened, ...parseOptions }) ?? parsed;
  }
  return { decoded, parsed };
}

function meanConfidence(decoded: readonly (readonly DecodedChar[])[]): number {
  return mean(decoded.flat().map((c) => c.confidence));
}

/**
 * Whether a reading is reported at all. Chance agreement of a check digit is 1 in 10, so garbage text
 * passes one now and then; an MRZ that is only partly readable still shows most of its structure, and a
 * reading the recogniser itself hardly believes is noise even when chance lets checks pass.
 */
function plausibleReading({
  decoded,
  parsed,
}: {
  decoded: DecodedChar[][];
  parsed: MrzParseResult;
}): boolean {
  const confidence = meanConfidence(decoded);
  const checksPassing = parsed.checks.filter((c) => c.valid).length;
  const known = [parsed.fields.issuingStateName, parsed.fields.nationalityName].filter(Boolean).length;
  return (
    parsed.valid ||
    (known >= 1 &&
      ((checksPassing >= 3 && confidence >= 0.6) || (checksPassing >= 2 && confidence >= 0.8))) ||
    (known === 2 && checksPassing >= 1 && confidence >= 0.85)
  );
}

async function readLines(
  frames: readonly LineFrame[],
  crops: readonly GrayImage[],
  options: ReadMrzOptions,
  mirrored: boolean,
  attempts: number,
): Promise<MrzReading | null> {
  const lineLength = zoneLength(frames.length, crops);
  if (lineLength === null) return null;
  const grids: CellGrid[] = crops.map((crop) => cellGrid(crop, lineLength));
  const chunks = chunksOf(lineLength);
  const pieces: { line: number; from: number; to: number; offset: number; image: GrayImage }[] = [];
  crops.forEach((crop, line) => {
    const grid = grids[line]!;
    for (const [from, to] of chunks) {
      const x0 = grid.start + from * grid.pitch - grid.pitch;
      const x1 = grid.start + to * grid.pitch + grid.pitch;
      const image = cutColumns(crop, x0, x1);
      pieces.push({
        line,
        from,
        to,
        offset: Math.floor(x0),
        image,
      });
    }
  });
  const probabilities = await recognizeLines(
    pieces.map((p) => p.image),
    mrzAlphabet,
  );
  // Pixels of a piece per CTC frame (the batch is padded to its widest piece).
  const frameWidth =
    Math.max(...pieces.map((p) => p.image.width)) / (recognitionFrames(probabilities, pieces) ?? 1);
  // The ink extent can take in a page edge or a neighbouring mark; where the recogniser places the first
  // character of a line is better evidence for where the line starts.
  pieces.forEach((piece, i) => {
    if (piece.from !== 0) return;
    // Trusted only when the piece reads nearly completely, so that its first character is the line's.
    const plain = greedyDecode(probabilities[i]!);
    const first = plain[0];
    if (!first || first.confidence < 0.8 || plain.length < piece.to - piece.from - 1) return;
    const grid = grids[piece.line]!;
    const left = (first.firstFrame + 0.5) * frameWidth + piece.offset;
    if (Math.abs(left - grid.start) > 0.35 * grid.pitch && Math.abs(left - grid.start) < 4 * grid.pitch) {
      const end = grid.start + grid.pitch * (lineLength - 0.2);
      grids[piece.line] = { start: left, pitch: (end - left) / (lineLength - 0.2) };
    }
  });
  const decoded: DecodedChar[][] = crops.map(() => new Array<DecodedChar>(lineLength));
  const owner: number[][] = crops.map(() => new Array<number>(lineLength).fill(Number.NEGATIVE_INFINITY));
  // Where two pieces overlap, the more confident reading wins; cells at a piece's cut edge are read with
  // half a glyph of context and count for less.
  const place = (
    line: number,
    k: number,
    j: number,
    count: number,
    from: number,
    to: number,
    c: DecodedChar,
  ): void => {
    const atEdge = (j < 1 && from > 0) || (j >= count - 1 && to < lineLength);
    const score = c.confidence - (atEdge ? 0.3 : 0);
    if (decoded[line]![k] === undefined || score > owner[line]![k]!) {
      owner[line]![k] = score;
      decoded[line]![k] = c;
    }
  };
  for (const [i, piece] of pieces.entries()) {
    const read = decodePiece(
      probabilities[i]!,
      piece.offset,
      piece.image.width,
      grids[piece.line]!,
      frameWidth,
      lineLength,
    );
    if (read === 'failed') return null;
    if (!read) continue;
    const count = read.chars.length;
    for (const [j, c] of read.chars.entries())
      place(piece.line, read.from + j, j, count, read.from, read.from + count, c);
  }
  if (decoded.some((chars) => chars.some((c) => c === undefined))) return null;
  const first = interpretDecoded(decoded, crops, grids, options);
  if (!first || !plausibleReading(first)) return null;
  let settled = first;
  // Only a reading that already looks like an MRZ is worth a second look at its doubtful characters.
  const doubtful = doubtfulRuns(first.decoded, first.parsed);
  if (doubtful.length > 0) {
    const reread = await rereadRuns(doubtful, decoded, crops, grids, lineLength);
    const second = reread ? interpretDecoded(reread, crops, grids, options) : null;
    // The re-read cells are the more confident ones; they replace the first reading unless they break
    // check digits that held.
    if (second && (second.parsed.valid || !first.parsed.valid) && plausibleReading(second)) settled = second;
  }
  const { parsed } = settled;
  const final = settled.decoded;
  const texts = final.map((chars) => chars.map((c) => c.char).join(''));
  const confidence = meanConfidence(final);
  const lines = final.map((chars, i) => lineReading(chars, texts[i]!, frames[i]!, grids[i]!, crops[i]!));
  // For a mirror image the angle and rotation are those of the image flipped left-right first.
  const seen = quadAngle(frames[0]!.quad);
  const angle = mirrored ? ((((180 - seen + 180) % 360) + 360) % 360) - 180 : seen;
  return {
    parsed,
    lines,
    rotation: rotationOf(angle),
    angle: Math.round(angle * 100) / 100,
    mirrored,
    confidence,
    attempts,
  };
}

/**
 * Look-alike pairs the recogniser confuses systematically in OCR-B, where it is often sure and wrong.
 * (Other pairs, such as 6/G or 8/B, it tells apart better than a thumbnail comparison does.)
 */
const lookalikes: readonly [digit: string, letter: string][] = [['0', 'O']];

/**
 * Digit/letter pairs the recogniser mostly tells apart but not always, and no check digit can where the
 * field has none (6/G and 2/Z in visa optional data): the glyph's height says digit or capital, and is
 * weighed against the recogniser's own odds.
 */
const heightPairs: readonly [digit: string, letter: string][] = [
  ['1', 'I'],
  ['2', 'Z'],
  ['5', 'S'],
  ['6', 'G'],
  ['8', 'B'],
];

/** A digit and a letter whose check-digit values are equal modulo 10: no check digit tells them apart. */
function checkBlind([digit, letter]: readonly [string, string]): boolean {
  return checkBlindPair(digit, letter);
}

/**
 * The recogniser cannot tell OCR-B's 0 from O reliably, but the zone can: digit-only fields (dates, check
 * digits) show what its 0 looks like and name fields show its O. Cells of mixed fields that read as either
 * get probabilities from their likeness to those two references, for the check-digit repair to weigh.
 */
function lookalikeEvidence(
  texts: readonly string[],
  evidence: readonly (readonly CharEvidence[])[],
  crops: readonly GrayImage[],
  grids: readonly CellGrid[],
): CharEvidence[][] | null {
  const spec = formatFor(texts);
  if (!spec) return null;
  const kindAt = (line: number, column: number): string | undefined =>
    spec.fields.find((f) => f.line === line && column >= f.start && column < f.end)?.kind;
  const descriptor = (line: number, k: number): Float32Array => {
    // References are taken at the cell grid; cells under test are matched with a little slack.
    const grid = grids[line]!;
    return cellDescriptor(crops[line]!, grid.start + k * grid.pitch, grid.start + (k + 1) * grid.pitch);
  };
  const samples = new Map<string, Float32Array[]>();
  texts.forEach((text, line) => {
    [...text].forEach((char, k) => {
      const kind = kindAt(line, k);
      const digitsOnly = kind === 'date' || kind === 'check';
      const lettersOnly = kind === 'name' || kind === 'state' || kind === 'code';
      for (const [digit, letter] of lookalikes) {
        const proven =
          digitsOnly && (char === digit || char === letter)
            ? digit
            : lettersOnly && (char === digit || char === letter)
              ? letter
              : null;
        if (proven) samples.set(proven, [...(samples.get(proven) ?? []), descriptor(line, k)]);
      }
    });
  });
  const heights = referenceHeights(texts, kindAt, crops, grids);
  const coveredByCheck = (line: number, column: number): boolean =>
    spec.checks.some((check) =>
      check.covers.some(([l, start, end]) => l === line && column >= start && column < end),
    );
  let changed = false;
  const out = evidence.map((chars, line) =>
    chars.map((seen, k) => {
      if (kindAt(line, k) !== 'alnum') return seen;
      const char = texts[line]![k]!;
      const sharp = heightPairs.find(([digit, letter]) => char === digit || char === letter);
      // Where a check digit covers the cell and would notice the swap, it decides (two swaps that
      // cancel modulo 10 would pass a wrong reading); 6/G weigh the same modulo 10, so it cannot.
      if (sharp && (!coveredByCheck(line, k) || checkBlind(sharp))) {
        const byHeight = heights ? heightDigitShare(heights, crops[line]!, grids[line]!, k) : null;
        if (byHeight === null) return seen;
        const odds = (c: string): number =>
          Math.max(1e-3, seen.candidates?.[c] ?? (c === char ? seen.confidence : 0));
        const logit = Math.log(odds(sharp[0]) / odds(sharp[1])) + Math.log(byHeight / (1 - byHeight));
        const digitShare = Math.min(0.97, Math.max(0.03, 1 / (1 + Math.exp(-logit))));
        changed = true;
        return {
          ...seen,
          candidates: { ...(seen.candidates ?? {}), [sharp[0]]: digitShare, [sharp[1]]: 1 - digitShare },
        };
      }
      const pair = lookalikes.find(([digit, letter]) => char === digit || char === letter);
      if (!pair) return seen;
      const digitRef = meanDescriptor(samples.get(pair[0]) ?? []);
      const letterRef = meanDescriptor(samples.get(pair[1]) ?? []);
      if (!digitRef && !letterRef) return seen;
      const likeness = (ref: Float32Array): number => {
        const grid = grids[line]!;
        let best = -1;
        for (const shift of [-0.15, 0, 0.15]) {
          const x0 = grid.start + (k + shift) * grid.pitch;
          best = Math.max(best, similarity(cellDescriptor(crops[line]!, x0, x0 + grid.pitch), ref));
        }
        return best;
      };
      // With one reference only, likeness above `alone` counts as the same glyph.
      const alone = 0.8;
      const toDigit = digitRef ? likeness(digitRef) : null;
      const toLetter = letterRef ? likeness(letterRef) : null;
      const gap = (toDigit ?? alone) - (toLetter ?? alone);
      // Thumbnails are coarse evidence: neither look-alike drops below 5%, so a check digit can still
      // choose between them.
      const byThumbnail = Math.min(0.95, Math.max(0.05, 1 / (1 + Math.exp(-25 * gap))));
      // Where heights separate the pair they decide alone: the thumbnails see the same oval (on the
      // generated fixtures of seeds 4 and 5 they chose the wrong one of the pair for 69 of 181 cells).
      const byHeight = heights ? heightDigitShare(heights, crops[line]!, grids[line]!, k) : null;
      const digitShare = byHeight ?? byThumbnail;
      changed = true;
      return {
        ...seen,
        candidates: { ...(seen.candidates ?? {}), [pair[0]]: digitShare, [pair[1]]: 1 - digitShare },
      };
    }),
  );
  return changed ? out : null;
}

/** Digits and capitals whose middle columns hold their top and bottom strokes, so the ink height is theirs. */
const heightDigits = '0235689';
const heightLetters = 'BCDEGOQSZ';
/**
 * The round ones among them. Round glyphs overshoot the flat ones (an O stands taller than an E), so a
 * cell read as 0 or O is best compared with round glyphs of its own kind.
 */
const roundDigits = '03689';
const roundLetters = 'CGOQS';

interface ReferenceHeights {
  readonly digit: number;
  readonly letter: number;
}

/**
 * Median ink heights of the zone's proven digits (digit-only fields) and proven capitals (letter-only
 * fields), round glyphs where the zone shows enough of them. Null unless both are well sampled and
 * differ: in OCR-B printed with equal digit and capital heights, height is no evidence.
 */
function referenceHeights(
  texts: readonly string[],
  kindAt: (line: number, column: number) => string | undefined,
  crops: readonly GrayImage[],
  grids: readonly CellGrid[],
): ReferenceHeights | null {
  const digits: { char: string; height: number }[] = [];
  const letters: { char: string; height: number }[] = [];
  texts.forEach((text, line) => {
    const grid = grids[line]!;
    [...text].forEach((char, k) => {
      const kind = kindAt(line, k);
      const digit = (kind === 'date' || kind === 'check') && heightDigits.includes(char);
      const letter = (kind === 'name' || kind === 'state') && heightLetters.includes(char);
      if (!digit && !letter) return;
      const h = glyphInkHeight(crops[line]!, grid.start + k * grid.pitch, grid.start + (k + 1) * grid.pitch);
      if (h !== null) (digit ? digits : letters).push({ char, height: h });
    });
  });
  if (digits.length < 4 || letters.length < 3) return null;
  const reference = (samples: typeof digits, round: string, least: number): number => {
    const rounded = samples.filter((s) => round.includes(s.char));
    return median((rounded.length >= least ? rounded : samples).map((s) => s.height));
  };
  const digit = reference(digits, roundDigits, 3);
  const letter = reference(letters, roundLetters, 2);
  return digit - letter >= 0.04 * digit ? { digit, letter } : null;
}

/** Probability that cell k is the digit of a 0/O pair, from its ink height between the references. */
function heightDigitShare(
  heights: ReferenceHeights,
  crop: GrayImage,
  grid: CellGrid,
  k: number,
): number | null {
  const h = glyphInkHeight(crop, grid.start + k * grid.pitch, grid.start + (k + 1) * grid.pitch);
  if (h === null) return null;
  const t = (h - heights.letter) / (heights.digit - heights.letter);
  // Far outside the references the cell was cut badly (a neighbour's ink, a misplaced grid): no evidence.
  if (t < -1 || t > 2) return null;
  // A round capital stands a little taller than the median round capital (O over C, G, S), so the even
  // odds lie a little above halfway.
  return Math.min(0.97, Math.max(0.03, 1 / (1 + Math.exp(-8 * (t - 0.55)))));
}

/**
 * Cells of letter-or-digit fields read as one of a look-alike pair whose evidence says the other at 3 to
 * 1 or more (for 0/O the glyph evidence alone: the recogniser reads nearly every such cell as 0).
 */
function settleLookalikes(
  texts: readonly string[],
  evidence: readonly (readonly CharEvidence[])[],
): string[] | null {
  const spec = formatFor(texts);
  if (!spec) return null;
  const optional = spec.fields.filter((f) => f.kind === 'alnum');
  let changed = false;
  const out = texts.map((text, line) =>
    [...text]
      .map((char, column) => {
        const pair = [...lookalikes, ...heightPairs].find(([d, l]) => char === d || char === l);
        if (!pair) return char;
        if (!optional.some((f) => f.line === line && column >= f.start && column < f.end)) return char;
        const shares = evidence[line]?.[column]?.candidates;
        const digit = shares?.[pair[0]];
        const letter = shares?.[pair[1]];
        if (digit === undefined || letter === undefined) return char;
        const decided = digit >= 0.75 ? pair[0] : letter >= 0.75 ? pair[1] : char;
        if (decided !== char) changed = true;
        return decided;
      })
      .join(''),
  );
  return changed ? out : null;
}

/**
 * Unsure cells that look exactly like the zone's confidently read fillers become fillers ('<'); the
 * recogniser loses its footing in long filler runs, the image does not.
 */
function settleFillers(
  decoded: DecodedChar[][],
  crops: readonly GrayImage[],
  grids: readonly CellGrid[],
): void {
  const descriptors = decoded.map((chars, line) =>
    chars.map((_, k) => {
      const grid = grids[line]!;
      return cellDescriptor(crops[line]!, grid.start + k * grid.pitch, grid.start + (k + 1) * grid.pitch);
    }),
  );
  const sure = decoded.flatMap((chars, line) =>
    chars.flatMap((c, k) => (c.char === '<' && c.confidence >= 0.9 ? [descriptors[line]![k]!] : [])),
  );
  if (sure.length < 3) return;
  const filler = meanDescriptor(sure)!;
  decoded.forEach((chars, line) => {
    chars.forEach((c, k) => {
      if (c.char === '<') return;
      const likeness = similarity(descriptors[line]![k]!, filler);
      if (likeness >= 0.93 || (likeness >= 0.88 && c.confidence < 0.6)) {
        chars[k] = {
          ...c,
          char: '<',
          confidence: Math.min(likeness, Math.max(c.candidates['<'] ?? 0, 0.5)),
          alternative: { char: c.char, confidence: c.confidence },
        };
      }
    });
  });
}

function lineReading(
  chars: readonly DecodedChar[],
  text: string,
  frame: LineFrame,
  grid: CellGrid,
  crop: GrayImage,
): MrzLineReading {
  const at = (u: number, v: number): Point => {
    const p = frame.map(u / crop.width, v);
    return { x: round1(p.x), y: round1(p.y) };
  };
  const quad = frame.quad;
  return {
    text,
    confidence: round3(mean(chars.map((c) => c.confidence))),
    quad: quad.map((p) => ({ x: round1(p.x), y: round1(p.y) })) as unknown as Quad,
    chars: chars.map((c, k) => {
      const x0 = grid.start + k * grid.pitch;
      const x1 = x0 + grid.pitch;
      return {
        char: c.char,
        confidence: round3(c.confidence),
        quad: [at(x0, 0.15), at(x1, 0.15), at(x1, 0.85), at(x0, 0.85)] as const,
      };
    }),
  };
}

function rotationOf(angle: number): 0 | 90 | 180 | 270 {
  const quarter = (((Math.round(angle / 90) * 90) % 360) + 360) % 360;
  return quarter as 0 | 90 | 180 | 270;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const round1 = (v: number): number => Math.round(v * 10) / 10;
const round3 = (v: number): number => Math.round(v * 1000) / 1000;
