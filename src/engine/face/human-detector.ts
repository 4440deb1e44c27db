import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config, FaceResult } from '@vladmandic/human';
import { eyeOpenness, fivePointsFromMesh } from './landmarks.js';
import { modelFiles } from './model-files.js';
import { poseFromLandmarks } from './pose.js';
import { type Rotation, unrotateBox, unrotatePoint } from './rgb-image.js';
import { tfRuntime } from './tf-runtime.js';
import type { FaceDetection, FivePoints, RgbImage } from './types.js';

const require = createRequire(import.meta.url);

interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown, config?: Partial<Config>): Promise<{ face: FaceResult[]; error?: string | null }>;
}

/** A face as found, with the passive anti-spoofing scores when they were asked for. */
export interface RawFace {
  readonly detection: FaceDetection;
  readonly antispoof: number | null;
  readonly liveness: number | null;
}

let instance: Promise<HumanInstance> | undefined;
/**
 * Human's `liveness` model (from github.com/leokwu/livenessnet, which states no licence) runs only when the
 * operator asks for it; the `antispoof` model (a public Kaggle notebook, Apache-2.0 by Kaggle's terms) always.
 */
let livenessModel = false;

export function useLivenessModel(enabled: boolean): void {
  livenessModel = enabled;
}

function baseConfig(): Partial<Config> {
  return {
    backend: 'wasm',
    wasmPath: `${modelFiles.tfjsWasmDist()}${path.sep}`,
    modelBasePath: `${pathToFileURL(modelFiles.humanModels()).href}/`,
    debug: false,
    async: true,
    // Each call is a still image: no frame-to-frame caching.
    cacheSensitivity: 0,
    filter: { enabled: false } as Config['filter'],
    face: {
      enabled: true,
      detector: {
        enabled: true,
        rotation: true,
        maxDetected: 10,
        minConfidence: 0.3,
        iouThreshold: 0.2,
        skipFrames: 0,
        skipTime: 0,
        return: false,
      },
      mesh: { enabled: true },
      iris: { enabled: true },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      gear: { enabled: false },
      antispoof: { enabled: true, skipFrames: 0, skipTime: 0 },
      liveness: { enabled: true, skipFrames: 0, skipTime: 0 },
    } as unknown as Config['face'],
    body: { enabled: false } as Config['body'],
    hand: { enabled: false } as Config['hand'],
    object: { enabled: false } as Config['object'],
    gesture: { enabled: false },
    segmentation: { enabled: false } as Config['segmentation'],
  };
}

/** Human (face detector + 478-point mesh with irises + anti-spoofing models), loaded once per thread. */
function human(): Promise<HumanInstance> {
  instance ??= (async () => {
    await tfRuntime();
    const lib = require(path.join(modelFiles.humanDist(), 'human.node-wasm.js')) as {
      Human: new (config: Partial<Config>) => HumanInstance;
    };
    const h = new lib.Human(baseConfig());
    await h.load();
    return h;
  })();
  return instance;
}

/** Loads the detector now (workers call this at start so the first request does not pay for it). */
export async function warmDetector(): Promise<void> {
  await human();
}

/**
 * Detects faces on an image turned by `rotation` (the caller rotated it), mapping everything back into the
 * coordinates of the unrotated image of size `origW` x `origH`.
 */
export async function detectFacesRaw(
  image: RgbImage,
  options: {
    passive: boolean;
    rotation?: Rotation;
    origW?: number;
    origH?: number;
    offset?: readonly [number, number];
  },
): Promise<RawFace[]> {
  const h = await human();
  const tf = await tfRuntime();
  const rotation = options.rotation ?? 0;
  const origW = options.origW ?? image.width;
  const origH = options.origH ?? image.height;
  const [ox, oy] = options.offset ?? [0, 0];
  const tensor = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
  try {
    const result = await h.detect(tensor, {
      face: {
        antispoof: { enabled: options.passive },
        liveness: { enabled: options.passive && livenessModel },
      },
    } as unknown as Partial<Config>);
    if (result.error) throw new Error(`face detector: ${result.error}`);
    const faces: RawFace[] = [];
    for (const f of result.face) {
      if (!f.mesh || f.mesh.length < 468) continue;
      const mesh = f.mesh.map((p) => [p[0] + ox, p[1] + oy, p[2] ?? 0]);
      const local = fivePointsFromMesh(mesh);
      const landmarks = local.map((p) => unrotatePoint(p, rotation, origW, origH)) as unknown as FivePoints;
      const [bx, by, bw, bh] = f.box;
      const box = unrotateBox({ x: bx + ox, y: by + oy, width: bw, height: bh }, rotation, origW, origH);
      const visW = Math.max(0, Math.min(box.x + box.width, origW) - Math.max(box.x, 0));
      const visH = Math.max(0, Math.min(box.y + box.height, origH) - Math.max(box.y, 0));
      faces.push({
        detection: {
          box,
          score: f.score,
          landmarks,
          pose: poseFromLandmarks(landmarks),
          eyeOpenness: eyeOpenness(mesh),
          visibleFraction: box.width * box.height > 0 ? (visW * visH) / (box.width * box.height) : 0,
          imageRotation: rotation,
        },
        antispoof: options.passive && typeof f.real === 'number' ? f.real : null,
        liveness: options.passive && livenessModel && typeof f.live === 'number' ? f.live : null,
      });
    }
    return faces;
  } finally {
    tensor.dispose();
  }
}
