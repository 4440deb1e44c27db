// Finds, straightens and reads the MRZ of a document image: classical locator -> line crops in reading
// direction -> PP-OCR recognition restricted to the MRZ alphabet -> fixed-length CTC decoding -> parser.
// A reading is only reported when it looks like an MRZ (check digits or a clean, confident fixed-length
// read); otherwise the next candidate region, the other reading direction and finally a mirrored reading
// are tried, and null is returned rather than an invented MRZ.
import {
  blobQuad,
  type LineBlob,
  locateMrzRegions,
  type MrzRegion,
  searchFactors,
} from '../geometry/mrz-locator.js';
import { mirrorQuad, type Point, type Quad, quadAngle, turnQuad } from '../geometry/quad.js';
import { warpQuad } from '../geometry/warp.js';
import type { GrayImage } from '../image/raster.js';
import { mrzAlphabet } from '../ocr/charset.js';
import {
  type DecodedChar,
  decodeWithLength,
  type FrameProbabilities,
  fitPitch,
  greedyDecode,
  pitchFromExtent,
} from '../ocr/ctc.js';
import { upsideDownProbability } from '../ocr/orientation.js';
import { recognitionHeight, recognizeLines } from '../ocr/recognizer.js';
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
  /** Clockwise quarter turns (degrees) that make the document upright. */
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
const pixelsPerChar = Number(process.env.MRZ_PPC ?? 18);

export async function readMrz(gray: GrayImage, options: ReadMrzOptions = {}): Promise<MrzReading | null> {
  const { coarse, fine } = searchFactors(gray.width, gray.height);
  const passes = fine === null ? [coarse] : [coarse, fine];
  let attempts = 0;
  let fallback: MrzReading | null = null;
  for (const mirrored of [false, true]) {
    for (const factor of passes) {
      const regions = locateMrzRegions(gray, factor).slice(0, options.maxRegions ?? 3);
      for (const region of regions) {
        const forward = regionLineQuads(region, mirrored);
        const crops = forward.map((quad) => cropLine(gray, quad, region));
        const upsideDown = await upsideDownProbability(crops.slice(0, 1));
        const turnedFirst = (upsideDown[0] ?? 0) > 0.5;
        for (const turned of turnedFirst ? [true, false] : [false, true]) {
          const quads = turned ? [...forward].reverse().map(turnQuad) : forward;
          const lineCrops = turned ? quads.map((quad) => cropLine(gray, quad, region)) : crops;
          attempts++;
          const reading = await readLines(quads, lineCrops, options, mirrored, attempts);
          if (!reading) continue;
          if (reading.parsed.valid) return reading;
          if (!fallback || reading.confidence > fallback.confidence) fallback = reading;
        }
        if (fallback) return fallback;
      }
    }
    if (fallback) return fallback;
  }
  return fallback;
}

function regionLineQuads(region: MrzRegion, mirrored: boolean): Quad[] {
  const thickness = median(region.lines.map((l) => l.thickness));
  return region.lines.map((line) => {
    const quad = blobQuad({ ...line, thickness }, 0.6 * thickness, 0.38 * thickness);
    return mirrored ? mirrorQuad(quad) : quad;
  });
}

function cropLine(gray: GrayImage, quad: Quad, region: MrzRegion): GrayImage {
  // Two-line zones are 36 or 44 characters long; sizing for 44 keeps either readable.
  const expectedChars = region.lines.length === 3 ? 30 : 44;
  const width = Math.round(expectedChars * pixelsPerChar * 1.06);
  return warpQuad(gray, quad, width, recognitionHeight);
}

async function readLines(
  quads: readonly Quad[],
  crops: readonly GrayImage[],
  options: ReadMrzOptions,
  mirrored: boolean,
  attempts: number,
): Promise<MrzReading | null> {
  const probabilities = await recognizeLines(crops, mrzAlphabet);
  const greedy = probabilities.map((p) => greedyDecode(p));
  const lengths = greedy.map((chars) => chars.length);
  const lineLength = expectedLength(quads.length, lengths);
  if (process.env.MRZ_TRACE)
    console.error(
      'greedy',
      greedy.map((g) => g.map((c) => c.char).join('')),
      quads[0],
    );
  if (lineLength === null) return null;
  const decoded: DecodedChar[][] = [];
  for (const p of probabilities) {
    // OCR-B is monospaced: decoding against an even pitch fixes runs of '<' counted wrong. The pitch is
    // first taken from the extent of the ink, then refitted to the characters found.
    const rough = pitchFromExtent(p, lineLength);
    const first = decodeWithLength(p, lineLength, rough ?? undefined);
    if (!first) return null;
    const refined = fitPitch(first);
    decoded.push((refined && decodeWithLength(p, lineLength, refined)) || first);
  }
  const texts = decoded.map((chars) => chars.map((c) => c.char).join(''));
  const evidence: CharEvidence[][] = decoded.map((chars) =>
    chars.map((c) => ({
      confidence: c.confidence,
      alternative: c.alternative?.char ?? null,
      alternativeConfidence: c.alternative?.confidence ?? 0,
    })),
  );
  const parsed = parseMrz(texts, { evidence, ...(options.today ? { today: options.today } : {}) });
  if (!parsed) return null;
  const confidence = mean(decoded.flat().map((c) => c.confidence));
  const lengthsAgree = lengths.every((n) => Math.abs(n - lineLength) <= 0.2 * lineLength);
  const checksPassing = parsed.checks.filter((c) => c.valid).length;
  const plausible =
    parsed.valid ||
    (checksPassing >= 2 && lengthsAgree) ||
    (checksPassing >= 1 && lengthsAgree && confidence > 0.85);
  if (!plausible) return null;
  const lines = decoded.map((chars, i) =>
    lineReading(chars, texts[i]!, quads[i]!, probabilities[i]!, crops[i]!),
  );
  const angle = quadAngle(quads[0]!);
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

/** ICAO line lengths: 3 lines are TD1 (30); 2 lines are TD2/MRV-B (36) or TD3/MRV-A (44). */
function expectedLength(lineCount: number, lengths: readonly number[]): number | null {
  const average = mean(lengths);
  if (lineCount === 3) return average >= 22 && average <= 38 ? 30 : null;
  if (lineCount !== 2) return null;
  if (average < 28 || average > 52) return null;
  return Math.abs(average - 36) < Math.abs(average - 44) ? 36 : 44;
}

function lineReading(
  chars: readonly DecodedChar[],
  text: string,
  quad: Quad,
  probs: FrameProbabilities,
  crop: GrayImage,
): MrzLineReading {
  const frameWidth = crop.width / probs.frames;
  const centers = chars.map((c) => ((c.firstFrame + c.lastFrame + 1) / 2) * frameWidth);
  const pitch = centers.length > 1 ? (centers.at(-1)! - centers[0]!) / (centers.length - 1) : crop.width;
  const at = (u: number, v: number): Point => {
    const [tl, tr, br, bl] = quad;
    const s = u / crop.width;
    const top = { x: tl.x + (tr.x - tl.x) * s, y: tl.y + (tr.y - tl.y) * s };
    const bottom = { x: bl.x + (br.x - bl.x) * s, y: bl.y + (br.y - bl.y) * s };
    return { x: round1(top.x + (bottom.x - top.x) * v), y: round1(top.y + (bottom.y - top.y) * v) };
  };
  return {
    text,
    confidence: round3(mean(chars.map((c) => c.confidence))),
    quad: quad.map((p) => ({ x: round1(p.x), y: round1(p.y) })) as unknown as Quad,
    chars: chars.map((c, i) => {
      const x0 = centers[i]! - pitch / 2;
      const x1 = centers[i]! + pitch / 2;
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
