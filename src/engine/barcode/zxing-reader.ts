import { prepareZXingModule, type ReadResult, readBarcodes } from 'zxing-wasm/reader';
import { localWasmOverrides } from './local-wasm.js';

// zxing-cpp compiled to WebAssembly. By default the package would fetch its .wasm from a CDN; we hand
// it the binary shipped inside the npm package instead, so decoding works offline. Loaded once per
// process, on first use.

let prepared = false;

function prepare(): void {
  if (prepared) return;
  prepareZXingModule({ overrides: localWasmOverrides('zxing-wasm/reader/zxing_reader.wasm') });
  prepared = true;
}

export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface ReadPassOptions {
  binarizer?: 'LocalAverage' | 'GlobalHistogram';
  tryDenoise?: boolean;
}

/** One zxing-cpp pass looking for PDF417 symbols (it tries 90/180/270 degrees and inversion itself). */
export async function readPdf417Symbols(
  image: RgbaImage,
  options: ReadPassOptions = {},
): Promise<ReadResult[]> {
  prepare();
  const results = await readBarcodes(image, {
    formats: ['PDF417'],
    tryHarder: true,
    tryRotate: true,
    tryInvert: true,
    tryDownscale: true,
    tryDenoise: options.tryDenoise ?? false,
    binarizer: options.binarizer ?? 'LocalAverage',
    maxNumberOfSymbols: 8,
    textMode: 'Plain',
    characterSet: 'Unknown',
  });
  return results.filter((r) => r.isValid);
}
