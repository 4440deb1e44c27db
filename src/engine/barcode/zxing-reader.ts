import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, type ReadResult, readBarcodes } from 'zxing-wasm/reader';

// zxing-cpp compiled to WebAssembly. By default the package would fetch its .wasm from a CDN; we hand
// it the binary shipped inside the npm package instead, so decoding works offline. Loaded once per
// process, on first use.

let prepared = false;

function prepare(): void {
  if (prepared) return;
  const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const wasm = readFileSync(wasmPath);
  prepareZXingModule({
    overrides: {
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer,
      locateFile: (file: string) => (file.endsWith('.wasm') ? wasmPath : file),
    },
  });
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
