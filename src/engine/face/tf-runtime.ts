import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TF from '@tensorflow/tfjs-core';
import { modelFiles } from './model-files.js';

// tfjs ships CommonJS builds; Human and face-api `require` them, so we must load the very same instances.
const require = createRequire(import.meta.url);

export type Tf = typeof TF;

let runtime: Promise<Tf> | undefined;

/**
 * tfjs on the WebAssembly backend (tfjs-node needs a binary download, which this project cannot do), with a
 * loader for `file://` model URLs: tfjs in Node only knows HTTP, and Human fetches its models by URL.
 * Once per thread (each worker has its own tfjs).
 */
export function tfRuntime(): Promise<Tf> {
  runtime ??= (async () => {
    const tf = require('@tensorflow/tfjs-core') as Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths: (prefix: string) => void };
    // tfjs routers answer null for URLs they do not handle, though the type says otherwise.
    tf.io.registerLoadRouter((url) =>
      typeof url === 'string' && url.startsWith('file://')
        ? diskModel(tf, url)
        : (null as unknown as TF.io.IOHandler),
    );
    wasm.setWasmPaths(`${modelFiles.tfjsWasmDist()}${path.sep}`);
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  })();
  return runtime;
}

function diskModel(tf: Tf, url: string): TF.io.IOHandler {
  const file = fileURLToPath(url);
  return {
    load: async () => {
      const json = JSON.parse(await readFile(file, 'utf8')) as TF.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: TF.io.WeightsManifestEntry[] = [];
        const shards: Buffer[] = [];
        for (const group of manifest) {
          for (const shard of group.paths) shards.push(await readFile(path.join(path.dirname(file), shard)));
          specs.push(...group.weights);
        }
        const all = Buffer.concat(shards);
        return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer];
      });
    },
  };
}
