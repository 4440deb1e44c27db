import sharp from 'sharp';
import { ARCFACE_TEMPLATE_112, alignFace } from './align.js';
import { DETECTION_SIDE, decodeRgb, downscaleRgb } from './decode.js';
import { dlibEmbedder } from './dlib-embedder.js';
import type { FaceEmbedder, FaceModelConfig } from './embedder.js';
import { type FaceSource, findFaces } from './face-finder.js';
import { useLivenessModel, warmDetector } from './human-detector.js';
import { regionStats } from './image-stats.js';
import { type FrameObservation, THUMB, verifyChallenge } from './liveness-active.js';
import { passiveSignals } from './liveness-passive.js';
import { onnxEmbedder } from './onnx-embedder.js';
import { assessSelfie } from './quality.js';
import type {
  ChallengePrompt,
  ChallengeResult,
  FaceDetection,
  FaceImageReport,
  FaceModelInfo,
  FivePoints,
} from './types.js';

/** The same detection in an image scaled by `k`. */
function scaleDetection(d: FaceDetection, k: number): FaceDetection {
  if (k === 1) return d;
  return {
    ...d,
    box: { x: d.box.x * k, y: d.box.y * k, width: d.box.width * k, height: d.box.height * k },
    landmarks: d.landmarks.map(([x, y]) => [x * k, y * k]) as unknown as FivePoints,
  };
}

/** The face engine of one thread: models loaded once, lazily; every method takes encoded image bytes. */
export interface FaceEngine {
  readonly model: FaceModelInfo;
  analyze(bytes: Uint8Array, source: FaceSource): Promise<FaceImageReport>;
  /** Verifies an active liveness challenge over encoded video frames (JPEG/PNG), in capture order. */
  challenge(
    frames: readonly Uint8Array[],
    prompt: ChallengePrompt,
    reference?: Float32Array,
  ): Promise<ChallengeResult>;
}

/** At most this many frames of a challenge are analysed (evenly sampled): ~120 ms each. */
export const MAX_CHALLENGE_FRAMES = 16;

export async function createFaceEngine(config: FaceModelConfig = {}): Promise<FaceEngine> {
  const embedder: FaceEmbedder = config.onnxPath
    ? await onnxEmbedder(config.onnxPath, config.threshold)
    : dlibEmbedder(config.threshold);
  useLivenessModel(config.livenessModel ?? false);
  await warmDetector();

  async function analyze(bytes: Uint8Array, source: FaceSource): Promise<FaceImageReport> {
    const started = performance.now();
    const { image, scale } = await decodeRgb(bytes);
    const small = await downscaleRgb(image, DETECTION_SIDE);
    const found = await findFaces(small.image, source);
    // Everything below works in full working-image pixels.
    const detections = found.faces.map((f) => scaleDetection(f.detection, 1 / small.factor));
    const primaryIndex = found.primary ? found.faces.indexOf(found.primary) : -1;
    const primary = primaryIndex >= 0 ? detections[primaryIndex]! : null;
    const vector = primary ? await embedder.embed(image, primary.landmarks) : null;
    const faces = detections.map((d) => scaleDetection(d, 1 / scale));
    let quality = null;
    let passive = null;
    if (source === 'selfie') {
      const stats = primary
        ? regionStats(alignFace(image, primary.landmarks, ARCFACE_TEMPLATE_112, 112))
        : null;
      quality = assessSelfie({
        imageWidth: image.width,
        imageHeight: image.height,
        faces: detections,
        stats,
      });
      if (primary && found.primary) {
        passive = passiveSignals({
          image,
          face: primary.box,
          antispoof: found.primary.antispoof,
          liveness: found.primary.liveness,
        });
      }
    }
    return {
      analysis: {
        faces,
        face: faces[0] ?? null,
        embedding: vector ? { model: embedder.info.id, vector } : null,
        imageSize: { width: Math.round(image.width / scale), height: Math.round(image.height / scale) },
        ms: Math.round(performance.now() - started),
      },
      quality,
      passive,
    };
  }

  async function observe(bytes: Uint8Array): Promise<FrameObservation> {
    const { image } = await decodeRgb(bytes, 720);
    const thumbBytes = await sharp(Buffer.from(image.data), {
      raw: { width: image.width, height: image.height, channels: 3 },
    })
      .resize(THUMB, THUMB, { fit: 'fill' })
      .greyscale()
      .raw()
      .toBuffer();
    const thumb = Float32Array.from(thumbBytes);
    const found = await findFaces(image, 'selfie');
    const primary = found.faces.length === 1 ? found.primary : null;
    return {
      faces: found.faces.length,
      face: primary?.detection ?? null,
      embedding: primary ? await embedder.embed(image, primary.detection.landmarks) : null,
      thumb,
    };
  }

  async function challenge(
    frames: readonly Uint8Array[],
    prompt: ChallengePrompt,
    reference?: Float32Array,
  ): Promise<ChallengeResult> {
    const step = Math.max(1, frames.length / MAX_CHALLENGE_FRAMES);
    const picked: Uint8Array[] = [];
    for (let i = 0; i < frames.length && picked.length < MAX_CHALLENGE_FRAMES; i += step)
      picked.push(frames[Math.floor(i)]!);
    const observations: FrameObservation[] = [];
    for (const frame of picked) observations.push(await observe(frame));
    return verifyChallenge(observations, prompt, embedder.info, reference);
  }

  return { model: embedder.info, analyze, challenge };
}
