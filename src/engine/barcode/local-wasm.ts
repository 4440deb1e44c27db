import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Emscripten overrides that make a zxing-wasm module load its .wasm from the npm package on disk.
 * Without them the package fetches the binary from a CDN, which a self-hosted server must never do.
 */
export function localWasmOverrides(specifier: string): {
  wasmBinary: ArrayBuffer;
  locateFile: (file: string) => string;
} {
  const wasmPath = createRequire(import.meta.url).resolve(specifier);
  const wasm = readFileSync(wasmPath);
  return {
    wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer,
    locateFile: (file: string) => (file.endsWith('.wasm') ? wasmPath : file),
  };
}
