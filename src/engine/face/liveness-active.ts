import { margin, rawScore } from './similarity.js';
import type { ChallengePrompt, ChallengeResult, FaceDetection, FaceModelInfo } from './types.js';

/** What the engine saw on one frame of the challenge video. */
export interface FrameObservation {
  /** Confident faces on the frame. */
  readonly faces: number;
  readonly face: FaceDetection | null;
  readonly embedding: Float32Array | null;
  /** A small greyscale thumbnail (THUMB x THUMB) of the whole frame, to detect frames that do not change. */
  readonly thumb: Float32Array;
}

export const THUMB = 32;

/**
 * Challenge limits. A head turn must reach TURN_MIN_YAW degrees towards the prompted side and the sequence
 * must also contain a near-frontal frame; a blink must bring the eye opening under BLINK_RATIO of the open
 * eyes' opening. Frames that differ by less than STATIC_DIFF grey levels on average, with landmarks moving
 * under STATIC_MOTION of the eye distance, are the same picture. Consecutive frames differing by more than
 * CUT_DIFF grey levels on average are not one continuous take (measured on generated sequences: a 30 degree
 * head turn changes consecutive frames by <= 5 levels; alternating two people by ~31).
 */
export const CHALLENGE_LIMITS = {
  minFrames: 3,
  minFaceShare: 0.7,
  turnMinYaw: 18,
  frontalMaxYaw: 10,
  blinkRatio: 0.6,
  minOpenEye: 0.15,
  staticDiff: 1.0,
  staticMotion: 0.01,
  cutDiff: 20,
} as const;

export const PROMPTS: readonly ChallengePrompt[] = ['blink', 'turn_left', 'turn_right'];

const eyes = (f: FaceDetection): number => (f.eyeOpenness.left + f.eyeOpenness.right) / 2;

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / (a.length || 1);
}

function landmarkMotion(a: FaceDetection, b: FaceDetection): number {
  const iod = Math.hypot(a.landmarks[1][0] - a.landmarks[0][0], a.landmarks[1][1] - a.landmarks[0][1]) || 1;
  let m = 0;
  for (let i = 0; i < 5; i++) {
    m = Math.max(
      m,
      Math.hypot(a.landmarks[i]![0] - b.landmarks[i]![0], a.landmarks[i]![1] - b.landmarks[i]![1]) / iod,
    );
  }
  return m;
}

/**
 * Decides whether a frame sequence shows one live person doing what was asked. "Turn left" means the
 * person's own left: on an unmirrored camera frame the face turns towards the image's right (yaw > 0).
 * The reference embedding (the selfie or the first frame) ties every frame to one identity.
 */
export function verifyChallenge(
  frames: readonly FrameObservation[],
  prompt: ChallengePrompt,
  model: FaceModelInfo,
  reference?: Float32Array,
): ChallengeResult {
  const L = CHALLENGE_LIMITS;
  const failures: string[] = [];
  const withFace = frames.filter((f) => f.faces === 1 && f.face && f.embedding);
  if (frames.some((f) => f.faces > 1)) failures.push('more than one face on a frame');
  if (frames.length < L.minFrames) failures.push(`only ${frames.length} frames (at least ${L.minFrames})`);
  if (withFace.length < Math.max(L.minFrames, Math.ceil(frames.length * L.minFaceShare))) {
    failures.push(`a single face on only ${withFace.length} of ${frames.length} frames`);
  }
  const ref = reference ?? withFace[0]?.embedding ?? null;
  let spread = 0;
  let sameFace = ref !== null && withFace.length > 0;
  if (ref) {
    for (const f of withFace) {
      const raw = rawScore(f.embedding!, ref, model.metric);
      const off = model.metric === 'euclidean' ? raw : 1 - raw;
      spread = Math.max(spread, off);
      if (margin(raw, model) < 0) sameFace = false;
    }
    // Consecutive frames too: two people taking turns must not pass by each resembling the reference.
    for (let i = 1; i < withFace.length; i++) {
      if (margin(rawScore(withFace[i]!.embedding!, withFace[i - 1]!.embedding!, model.metric), model) < 0)
        sameFace = false;
    }
  }
  if (!sameFace) failures.push('the frames do not show one and the same face');

  let maxDiff = 0;
  let maxMotion = 0;
  for (let i = 1; i < frames.length; i++)
    maxDiff = Math.max(maxDiff, meanAbsDiff(frames[i]!.thumb, frames[i - 1]!.thumb));
  for (let i = 1; i < withFace.length; i++)
    maxMotion = Math.max(maxMotion, landmarkMotion(withFace[i]!.face!, withFace[i - 1]!.face!));
  const motion = maxDiff >= L.staticDiff || maxMotion >= L.staticMotion;
  if (!motion) failures.push('the frames do not change (a still picture)');
  if (maxDiff > L.cutDiff) failures.push('the frames are not one continuous take');

  const yaws = withFace.map((f) => f.face!.pose.yaw);
  const openness = withFace.map((f) => eyes(f.face!));
  const measured: Record<string, number> = {
    minYaw: yaws.length ? Math.min(...yaws) : 0,
    maxYaw: yaws.length ? Math.max(...yaws) : 0,
    minEyeOpenness: openness.length ? Math.min(...openness) : 0,
    maxEyeOpenness: openness.length ? Math.max(...openness) : 0,
    frameDifference: maxDiff,
    landmarkMotion: maxMotion,
  };
  let promptMet = false;
  const frontal = yaws.some((y) => Math.abs(y) <= L.frontalMaxYaw);
  if (prompt === 'turn_left') promptMet = frontal && yaws.some((y) => y >= L.turnMinYaw);
  else if (prompt === 'turn_right') promptMet = frontal && yaws.some((y) => y <= -L.turnMinYaw);
  else {
    const sorted = [...openness].sort((a, b) => a - b);
    const open = sorted[Math.floor(sorted.length * 0.75)] ?? 0;
    const closedAt = openness.findIndex((o) => o <= open * L.blinkRatio);
    // Open, then closed, then open again: a photo with closed eyes does not blink.
    promptMet =
      open >= L.minOpenEye &&
      closedAt > 0 &&
      openness.slice(0, closedAt).some((o) => o >= open * 0.9) &&
      openness.slice(closedAt).some((o) => o >= open * 0.9);
  }
  if (!promptMet) failures.push(`the prompt "${prompt}" was not followed`);
  const passed = failures.length === 0;
  return {
    prompt,
    passed,
    framesWithFace: withFace.length,
    frames: frames.length,
    identitySpread: spread,
    sameFace,
    motion,
    promptMet,
    measured,
    failures,
  };
}
