import type { RegionStats } from './image-stats.js';
import { eyeDistance } from './landmarks.js';
import type { FaceDetection, QualityMeasure, SelfieQuality, SelfieReason } from './types.js';

/**
 * Selfie acceptance limits. Sizes are the face box height over the image height; stats are measured on the
 * 112x112 aligned face (see image-stats.ts). Chosen from the capture guidance of ISO/IEC 19794-5 (frontal,
 * within ~25 degrees, face filling a good part of the frame) and checked on generated and real faces.
 */
export const SELFIE_LIMITS = {
  minFaceHeight: 0.15,
  maxFaceHeight: 0.85,
  minEyeDistancePx: 24,
  maxYaw: 25,
  maxPitch: 25,
  maxRoll: 25,
  minVisible: 0.9,
  minSharpness: 25,
  minBrightness: 60,
  maxBrightness: 210,
  minContrast: 18,
  maxGlare: 0.06,
  minImageSide: 240,
} as const;

function measure(value: number, limit: string, ok: boolean): QualityMeasure {
  return { value: Math.round(value * 1000) / 1000, limit, ok };
}

export function assessSelfie(input: {
  imageWidth: number;
  imageHeight: number;
  faces: readonly FaceDetection[];
  stats: RegionStats | null;
}): SelfieQuality {
  const L = SELFIE_LIMITS;
  const reasons: SelfieReason[] = [];
  const { faces, stats } = input;
  if (faces.length === 0) {
    return { acceptable: false, reasons: ['NOT_HUMAN_FACE'], faceCount: 0, measures: {} };
  }
  if (faces.length > 1) reasons.push('TOO_MANY_FACES_SELFIE_IMAGE');
  const face = faces[0]!;
  const height = face.box.height / input.imageHeight;
  const faceSize = measure(
    height,
    `${L.minFaceHeight}..${L.maxFaceHeight} of the image height`,
    height >= L.minFaceHeight && height <= L.maxFaceHeight,
  );
  const visibleFraction = measure(
    face.visibleFraction,
    `>= ${L.minVisible}`,
    face.visibleFraction >= L.minVisible,
  );
  if (height > L.maxFaceHeight) reasons.push('FACE_TOO_CLOSE_SELFIE_IMAGE');
  else if (height < L.minFaceHeight) reasons.push('FACE_TOO_FAR_SELFIE_IMAGE');
  if (!visibleFraction.ok && height <= L.maxFaceHeight) reasons.push('PARTIALLY_VISIBLE_HUMAN_FACE');
  const yaw = measure(face.pose.yaw, `|yaw| <= ${L.maxYaw} deg`, Math.abs(face.pose.yaw) <= L.maxYaw);
  const pitch = measure(
    face.pose.pitch,
    `|pitch| <= ${L.maxPitch} deg`,
    Math.abs(face.pose.pitch) <= L.maxPitch,
  );
  const roll = measure(face.pose.roll, `|roll| <= ${L.maxRoll} deg`, Math.abs(face.pose.roll) <= L.maxRoll);
  if (!yaw.ok || !pitch.ok || !roll.ok) reasons.push('FACE_ANGLE_TOO_LARGE_SELFIE_IMAGE');
  const tooSmall =
    Math.min(input.imageWidth, input.imageHeight) < L.minImageSide ||
    eyeDistance(face.landmarks) < L.minEyeDistancePx;
  if (tooSmall && !reasons.includes('FACE_TOO_FAR_SELFIE_IMAGE'))
    reasons.push('QUALITY_TOO_LOW_SELFIE_IMAGE');
  const measures: SelfieQuality['measures'] = { faceSize, visibleFraction, yaw, pitch, roll };
  if (stats) {
    const sharpness = measure(stats.sharpness, `>= ${L.minSharpness}`, stats.sharpness >= L.minSharpness);
    const brightness = measure(
      stats.brightness,
      `${L.minBrightness}..${L.maxBrightness}`,
      stats.brightness >= L.minBrightness && stats.brightness <= L.maxBrightness,
    );
    const contrast = measure(stats.contrast, `>= ${L.minContrast}`, stats.contrast >= L.minContrast);
    const glare = measure(stats.glare, `<= ${L.maxGlare}`, stats.glare <= L.maxGlare);
    if (!sharpness.ok) reasons.push('OUT_OF_FOCUS');
    if (!brightness.ok) reasons.push('POOR_EXPOSURE');
    if (!contrast.ok) reasons.push('POOR_CONTRAST');
    if (!glare.ok) reasons.push('GLARE');
    Object.assign(measures, { sharpness, brightness, contrast, glare });
  }
  return { acceptable: reasons.length === 0, reasons, faceCount: faces.length, measures };
}
