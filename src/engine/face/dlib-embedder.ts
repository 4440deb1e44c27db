import { createRequire } from 'node:module';
import path from 'node:path';
import { alignFace, scaledTemplate } from './align.js';
import type { FaceEmbedder } from './embedder.js';
import { modelFiles } from './model-files.js';
import { tfRuntime } from './tf-runtime.js';
import type { FaceModelInfo, FivePoints, RgbImage } from './types.js';

const require = createRequire(import.meta.url);

const CHIP = 150;
// dlib's face chips (get_face_chip_details, size 150, padding 0.25) put the eye centres 0.346 of the chip
// width apart, 0.319 of its height from the top; the network was trained on such chips.
const TEMPLATE = scaledTemplate(CHIP, 0.346, 0.319);

/**
 * dlib's ResNet face descriptor (`dlib_face_recognition_resnet_model_v1`, public domain, 99.38% on LFW), in
 * face-api's tfjs port. Its author trained it so that one person's faces fall within Euclidean distance 0.6:
 * that is the threshold.
 */
export const DLIB_MODEL: FaceModelInfo = {
  id: 'dlib-resnet-v1',
  description: 'dlib ResNet-29 128-d face descriptor (face-api tfjs port), 150x150 chips, 5-point alignment',
  dims: 128,
  metric: 'euclidean',
  threshold: 0.6,
  slope: 12,
};

interface RecognitionNet {
  loadFromDisk(dir: string): Promise<void>;
  computeFaceDescriptor(input: unknown): Promise<Float32Array | Float32Array[]>;
}

let net: Promise<RecognitionNet> | undefined;

function recognitionNet(): Promise<RecognitionNet> {
  net ??= (async () => {
    await tfRuntime();
    const faceapi = require(path.join(modelFiles.faceApiDist(), 'face-api.node-wasm.js')) as {
      nets: { faceRecognitionNet: RecognitionNet };
    };
    const n = faceapi.nets.faceRecognitionNet;
    await n.loadFromDisk(modelFiles.faceApiModels());
    return n;
  })();
  return net;
}

export function dlibEmbedder(threshold?: number): FaceEmbedder {
  const info = threshold === undefined ? DLIB_MODEL : { ...DLIB_MODEL, threshold };
  return {
    info,
    async embed(image: RgbImage, landmarks: FivePoints): Promise<Float32Array> {
      const n = await recognitionNet();
      const tf = await tfRuntime();
      const chip = alignFace(image, landmarks, TEMPLATE, CHIP);
      const input = tf.tensor3d(chip.data, [CHIP, CHIP, 3], 'int32');
      try {
        const d = await n.computeFaceDescriptor(input);
        const v = Array.isArray(d) ? d[0] : d;
        if (!v || v.length !== DLIB_MODEL.dims) throw new Error('dlib descriptor has an unexpected size');
        return Float32Array.from(v);
      } finally {
        input.dispose();
      }
    },
  };
}
