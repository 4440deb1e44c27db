import type { ReadResult } from 'zxing-wasm/reader';
import {
  compose,
  type Derived,
  enhance,
  type GreyImage,
  IDENTITY,
  loadGreyImage,
  mapQuad,
  rotate,
  scale,
  toRgba,
} from './raster.js';
import { estimateSkew, type SkewEstimate } from './skew.js';
import { mergeStructuredAppend } from './structured-append.js';
import type { DecodeStrategy, Pdf417DecodeOptions, Pdf417DecodeResult, Pdf417Symbol } from './types.js';
import { type ReadPassOptions, readPdf417Symbols } from './zxing-reader.js';

export { mergeStructuredAppend } from './structured-append.js';

// PDF417 decoding of a photo or scan, as a ladder of zxing-cpp passes from cheap to expensive; the first
// pass that finds a symbol wins:
//   direct      the image as given (zxing-cpp itself tries quarter turns, inversion and downscaling);
//   deskew      rotated by the skew measured from edge directions (zxing-cpp fails from ~3 degrees on);
//   enhance     contrast-stretched and sharpened (soft or dim photos);
//   upscale     twice the size (modules of one or two pixels);
//   angle-sweep a few rotations around the estimate when the estimate was weak or wrong.

/** Longest side the decoder works on; larger photos are downscaled first (symbol modules stay >2 px). */
const MAX_SIDE = 3200;
/** Side of the copy the skew is measured on. */
const SKEW_SIDE = 800;
const DEFAULT_BUDGET_MS = 4000;
/** Images up to this long side get a doubled pass: small modules are what a small image has. */
const UPSCALE_BELOW = 1200;
/** Skew (degrees) from which the deskewed pass goes first. */
const SKEWED = 2.5;

export type BarcodeImageInput =
  | Uint8Array
  | { data: Uint8Array; width: number; height: number; channels: 1 | 3 | 4 };

export async function decodePdf417(
  input: BarcodeImageInput,
  options: Pdf417DecodeOptions = {},
): Promise<Pdf417DecodeResult> {
  const started = performance.now();
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const source = input instanceof Uint8Array ? await loadGreyImage(input) : rawToGrey(input);
  const longest = Math.max(source.width, source.height);
  const base: Derived =
    longest > MAX_SIDE ? await scale(source, MAX_SIDE / longest) : { image: source, toSource: IDENTITY };

  let attempts = 0;
  let estimate: SkewEstimate | null = null;
  const result = (
    symbols: Pdf417Symbol[],
    strategy: DecodeStrategy | null,
    rotationDegrees: number,
  ): Pdf417DecodeResult => ({
    barcodes: mergeStructuredAppend(symbols),
    symbols,
    strategy,
    rotationDegrees,
    estimatedSkewDegrees: estimate ? round(estimate.degrees) : null,
    attempts,
    width: source.width,
    height: source.height,
    ms: round(performance.now() - started),
  });
  const pass = async (derived: Derived, passOptions: ReadPassOptions = {}): Promise<Pdf417Symbol[]> => {
    attempts++;
    const found = await readPdf417Symbols(toRgba(derived.image), passOptions);
    return found.map((r) => toSymbol(r, derived));
  };
  const overBudget = () => performance.now() - started > budget;
  const rotated = async (degrees: number): Promise<Derived> => {
    const turned = await rotate(base.image, degrees);
    return { image: turned.image, toSource: compose(base.toSource, turned.toSource) };
  };

  if (options.fast) {
    const symbols = await pass(base);
    return result(symbols, symbols.length > 0 ? 'direct' : null, 0);
  }

  // Measuring the skew costs far less than a failed pass, and zxing-cpp fails from ~3 degrees on: a
  // clearly skewed image goes straight to the deskewed pass.
  const small =
    Math.max(base.image.width, base.image.height) > SKEW_SIDE
      ? await scale(base.image, SKEW_SIDE / Math.max(base.image.width, base.image.height))
      : { image: base.image, toSource: IDENTITY };
  estimate = await refinedSkew(small.image);
  const directional = estimate !== null && estimate.strength >= 1.5;
  const skew = directional && Math.abs(estimate!.degrees) >= 0.75 ? estimate!.degrees : 0;
  const upright = skew !== 0 ? await rotated(-skew) : base;

  let symbols: Pdf417Symbol[] = [];
  if (Math.abs(skew) >= SKEWED) {
    symbols = await pass(upright);
    if (symbols.length > 0) return result(symbols, 'deskew', -skew);
  }
  symbols = await pass(base);
  if (symbols.length > 0) return result(symbols, 'direct', 0);
  if (skew !== 0 && Math.abs(skew) < SKEWED) {
    symbols = await pass(upright);
    if (symbols.length > 0) return result(symbols, 'deskew', -skew);
  }
  if (overBudget()) return result([], null, 0);

  const enhanced = await enhance(upright.image);
  symbols = await pass({ image: enhanced.image, toSource: compose(upright.toSource, enhanced.toSource) });
  if (symbols.length > 0) return result(symbols, 'enhance', -skew);
  if (overBudget()) return result([], null, 0);

  if (Math.max(upright.image.width, upright.image.height) <= UPSCALE_BELOW) {
    const doubled = await scale(upright.image, 2);
    symbols = await pass({ image: doubled.image, toSource: compose(upright.toSource, doubled.toSource) });
    if (symbols.length > 0) return result(symbols, 'upscale', -skew);
  }

  // The estimate can lock onto the wrong structure (text, card edges): try nearby and wider angles.
  // An image without any dominant edge direction has no barcode to find at another angle.
  if (!directional) return result([], null, 0);
  const sweep = [skew + 2, skew - 2, skew + 4, skew - 4, skew + 8, skew - 8, 15, -15, 25, -25, 35, -35];
  for (const degrees of sweep) {
    if (overBudget()) break;
    if (Math.abs(degrees) < 0.75 || Math.abs(degrees) > 45) continue;
    symbols = await pass(await rotated(-degrees));
    if (symbols.length > 0) return result(symbols, 'angle-sweep', -degrees);
  }
  return result([], null, 0);
}

/**
 * Pixel-grid aliasing pulls a single estimate toward 0 (about 1.5 degrees short at 20-30 degrees);
 * measuring again after straightening by the first estimate removes most of that bias.
 */
async function refinedSkew(image: GreyImage): Promise<SkewEstimate | null> {
  const first = estimateSkew(image);
  if (!first || Math.abs(first.degrees) < 0.75) return first;
  const straightened = await rotate(image, -first.degrees);
  const residual = estimateSkew(straightened.image);
  if (!residual || Math.abs(residual.degrees) > 5) return first;
  return { degrees: first.degrees + residual.degrees, strength: first.strength };
}

function toSymbol(r: ReadResult, derived: Derived): Pdf417Symbol {
  const stream = r.bytesECI;
  // bytesECI starts with the symbology identifier ']L1' / ']L2'.
  const eciStream = stream[0] === 0x5d ? stream.subarray(3) : stream;
  return {
    bytes: new Uint8Array(r.bytes),
    text: r.text,
    eciStream: new Uint8Array(eciStream),
    hasEci: r.hasECI,
    quad: mapQuad(derived.toSource, r.position),
    ecLevel: r.ecLevel,
    sequence:
      r.sequenceSize >= 1 && r.sequenceIndex >= 0
        ? { index: r.sequenceIndex, size: r.sequenceSize, id: r.sequenceId }
        : null,
  };
}

function rawToGrey(input: {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}): GreyImage {
  const { data, width, height, channels } = input;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`raw image has invalid size ${width}x${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(`raw image data has ${data.length} bytes, expected ${width * height * channels}`);
  }
  if (channels === 1) return { data, width, height };
  const grey = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < grey.length; i++, j += channels) {
    grey[i] = Math.round(0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!);
  }
  return { data: grey, width, height };
}

const round = (x: number) => Math.round(x * 100) / 100;
