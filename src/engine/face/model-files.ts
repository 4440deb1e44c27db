import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Folder of an installed package, found from its main entry (several face packages do not export package.json). */
function packageDir(name: string, mainFolder: string): string {
  const main = require.resolve(name);
  const at = main.lastIndexOf(`${path.sep}${mainFolder}${path.sep}`);
  if (at < 0) throw new Error(`cannot locate the ${name} package folder`);
  return main.slice(0, at);
}

/** Where the models and runtimes shipped inside npm packages live on disk; nothing is downloaded. */
export const modelFiles = {
  humanDist: () => path.join(packageDir('@vladmandic/human', 'dist'), 'dist'),
  humanModels: () => path.join(packageDir('@vladmandic/human', 'dist'), 'models'),
  faceApiDist: () => path.join(packageDir('@vladmandic/face-api', 'dist'), 'dist'),
  faceApiModels: () => path.join(packageDir('@vladmandic/face-api', 'dist'), 'model'),
  tfjsWasmDist: () => path.join(packageDir('@tensorflow/tfjs-backend-wasm', 'dist'), 'dist'),
};
