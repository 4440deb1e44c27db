import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ARCFACE_TEMPLATE_112, alignFace } from './align.js';
import type { FaceEmbedder } from './embedder.js';
import type { FaceModelInfo, FivePoints, RgbImage } from './types.js';

const SIZE = 112;
/** Cosine threshold used when the operator gives none; typical of ArcFace-style models, see the README. */
export const DEFAULT_ONNX_THRESHOLD = 0.35;

/**
 * Any ArcFace-style ONNX model: a 112x112 RGB face aligned on the ArcFace 5-point template, normalised to
 * (x - 127.5) / 128, NCHW or NHWC; its first output is the embedding, compared by cosine similarity.
 */
export async function onnxEmbedder(
  modelPath: string,
  threshold = DEFAULT_ONNX_THRESHOLD,
): Promise<FaceEmbedder> {
  let bytes: Buffer;
  try {
    bytes = await readFile(modelPath);
  } catch (error) {
    throw new Error(`OPENKYC_FACE_MODEL: cannot read ${modelPath}: ${(error as Error).message}`);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      logSeverityLevel: 3,
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
  } catch (error) {
    throw new Error(`${modelPath}: not a loadable ONNX model: ${(error as Error).message}`);
  }
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  if (!inputName || !outputName) throw new Error(`${modelPath}: the model has no input or output`);
  const meta = session.inputMetadata[0];
  const shape = meta && 'shape' in meta ? (meta.shape as readonly (number | string)[]) : [];
  const nhwc = shape.length === 4 && shape[3] === 3;
  if (shape.length === 4 && !nhwc && shape[1] !== 3) {
    throw new Error(
      `${modelPath}: expected a [1,3,112,112] or [1,112,112,3] input, got [${shape.join(',')}]`,
    );
  }
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  let probe: ort.InferenceSession.OnnxValueMapType;
  try {
    probe = await session.run({
      [inputName]: new ort.Tensor(
        'float32',
        new Float32Array(3 * SIZE * SIZE),
        nhwc ? [1, SIZE, SIZE, 3] : [1, 3, SIZE, SIZE],
      ),
    });
  } catch (error) {
    throw new Error(
      `${modelPath}: not an ArcFace-style model (112x112 RGB input): ${(error as Error).message}`,
    );
  }
  const out = probe[outputName];
  const dims = out?.data.length ?? 0;
  const vectorShaped = (out?.dims ?? []).filter((d) => d !== 1).length === 1;
  if (!vectorShaped || dims < 64) {
    throw new Error(
      `${modelPath}: the first output has shape [${(out?.dims ?? []).join(',')}], not a face embedding vector`,
    );
  }
  const info: FaceModelInfo = {
    id: `onnx:${path.basename(modelPath)}:${hash}`,
    description: `ArcFace-style ONNX ${path.basename(modelPath)} (${dims}-d, 112x112, 5-point alignment)`,
    dims,
    metric: 'cosine',
    threshold,
    slope: 15,
  };
  return {
    info,
    async embed(image: RgbImage, landmarks: FivePoints): Promise<Float32Array> {
      const face = alignFace(image, landmarks, ARCFACE_TEMPLATE_112, SIZE);
      const input = new Float32Array(3 * SIZE * SIZE);
      const plane = SIZE * SIZE;
      for (let i = 0; i < plane; i++) {
        for (let c = 0; c < 3; c++) {
          const v = (face.data[i * 3 + c]! - 127.5) / 128;
          if (nhwc) input[i * 3 + c] = v;
          else input[c * plane + i] = v;
        }
      }
      const out = await session.run({
        [inputName]: new ort.Tensor('float32', input, nhwc ? [1, SIZE, SIZE, 3] : [1, 3, SIZE, SIZE]),
      });
      const data = out[outputName]?.data;
      if (!(data instanceof Float32Array)) throw new Error('the face model returned no float embedding');
      let norm = 0;
      for (const v of data) norm += v * v;
      norm = Math.sqrt(norm) || 1;
      return Float32Array.from(data, (v) => v / norm);
    },
  };
}
