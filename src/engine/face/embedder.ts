import type { FaceModelInfo, FivePoints, RgbImage } from './types.js';

/** Turns an image and the five landmarks of one face into an embedding vector. */
export interface FaceEmbedder {
  readonly info: FaceModelInfo;
  embed(image: RgbImage, landmarks: FivePoints): Promise<Float32Array>;
}

export interface FaceModelConfig {
  /** Path of an ArcFace-style ONNX model (112x112 aligned RGB input, one embedding output); default: dlib. */
  readonly onnxPath?: string;
  /** Decision threshold: cosine for ONNX models, Euclidean distance for dlib. */
  readonly threshold?: number;
  /** Also run Human's `liveness` model (its weights state no licence; off by default). */
  readonly livenessModel?: boolean;
}

/** Reads OPENKYC_FACE_MODEL, OPENKYC_FACE_THRESHOLD and OPENKYC_FACE_LIVENESS_MODEL (1/true). */
export function faceModelConfigFromEnv(env: Record<string, string | undefined>): FaceModelConfig {
  const onnxPath = env.OPENKYC_FACE_MODEL?.trim() || undefined;
  const rawThreshold = env.OPENKYC_FACE_THRESHOLD?.trim();
  let threshold: number | undefined;
  if (rawThreshold) {
    threshold = Number(rawThreshold);
    if (!Number.isFinite(threshold))
      throw new Error(`OPENKYC_FACE_THRESHOLD is not a number: ${rawThreshold}`);
  }
  const livenessModel = /^(1|true|yes)$/i.test(env.OPENKYC_FACE_LIVENESS_MODEL?.trim() ?? '');
  return {
    ...(onnxPath ? { onnxPath } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(livenessModel ? { livenessModel } : {}),
  };
}
