import type { FivePoints, HeadPose } from './types.js';

// Depth of the nose tip in front of the eye centres, as a fraction of the inter-ocular distance (adult
// anthropometry: ~35 mm over ~63 mm), and where the nose tip sits between the eye line and the mouth line in
// a frontal face (the ArcFace template puts it at 0.49).
const NOSE_DEPTH = 0.55;
const FRONTAL_NOSE_HEIGHT = 0.49;
const DEG = 180 / Math.PI;

/**
 * Head pose from the five landmarks alone, so that every detector gives the same convention:
 * yaw > 0 when the face turns towards the image's right (the subject's left, on an unmirrored camera frame);
 * pitch > 0 when the face tilts down; roll is the eye line's angle.
 */
export function poseFromLandmarks(points: FivePoints): HeadPose {
  const [le, re, nose, ml, mr] = points;
  const roll = Math.atan2(re[1] - le[1], re[0] - le[0]);
  const cos = Math.cos(-roll);
  const sin = Math.sin(-roll);
  const eyeMid: [number, number] = [(le[0] + re[0]) / 2, (le[1] + re[1]) / 2];
  const toFace = (p: readonly [number, number]): [number, number] => {
    const x = p[0] - eyeMid[0];
    const y = p[1] - eyeMid[1];
    return [x * cos - y * sin, x * sin + y * cos];
  };
  const iod = Math.hypot(re[0] - le[0], re[1] - le[1]);
  const n = toFace(nose);
  const mouth = toFace([(ml[0] + mr[0]) / 2, (ml[1] + mr[1]) / 2]);
  if (iod === 0 || mouth[1] === 0) return { yaw: 0, pitch: 0, roll: roll * DEG };
  const yaw = Math.atan2(n[0], NOSE_DEPTH * iod) * DEG;
  const pitch = Math.atan2((n[1] / mouth[1] - FRONTAL_NOSE_HEIGHT) * mouth[1], NOSE_DEPTH * iod) * DEG;
  return { yaw, pitch, roll: roll * DEG };
}
