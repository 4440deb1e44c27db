import { describe, expect, it } from 'vitest';
import { DLIB_MODEL } from '../../../src/engine/face/dlib-embedder.js';
import { type FrameObservation, THUMB, verifyChallenge } from '../../../src/engine/face/liveness-active.js';
import { livenessReport } from '../../../src/engine/face/liveness-score.js';
import type { FaceDetection, FivePoints } from '../../../src/engine/face/types.js';

const points: FivePoints = [
  [100, 100],
  [160, 100],
  [130, 135],
  [108, 165],
  [152, 165],
];

function frame(yaw: number, eyes: number, embedding: number[], shade: number, dx = 0): FrameObservation {
  const face: FaceDetection = {
    box: { x: 70 + dx, y: 50, width: 120, height: 150 },
    score: 0.99,
    landmarks: points.map(([x, y]) => [x + dx, y]) as unknown as FivePoints,
    pose: { yaw, pitch: 0, roll: 0 },
    eyeOpenness: { left: eyes, right: eyes },
    visibleFraction: 1,
    imageRotation: 0,
  };
  return {
    faces: 1,
    face,
    embedding: Float32Array.from(embedding),
    thumb: new Float32Array(THUMB * THUMB).fill(shade),
  };
}

const person = Array.from({ length: 128 }, (_, i) => Math.sin(i) * 0.1);
const other = Array.from({ length: 128 }, (_, i) => Math.cos(i * 1.7) * 0.1);

describe('active challenge verification', () => {
  it('passes a head turn to the left by one face', () => {
    const frames = [0, 8, 16, 25, 30, 20, 5].map((yaw, i) => frame(yaw, 0.3, person, 100 + i * 2, i));
    const result = verifyChallenge(frames, 'turn_left', DLIB_MODEL);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(verifyChallenge(frames, 'turn_right', DLIB_MODEL).passed).toBe(false);
  });

  it('passes a blink (open, closed, open) and not closed eyes throughout', () => {
    const seq = [0.3, 0.3, 0.2, 0.08, 0.1, 0.28, 0.31];
    expect(
      verifyChallenge(
        seq.map((e, i) => frame(0, e, person, 100 + i * 2, i)),
        'blink',
        DLIB_MODEL,
      ).passed,
    ).toBe(true);
    const closed = [0.3, 0.3, 0.2, 0.08, 0.08, 0.08, 0.08];
    expect(
      verifyChallenge(
        closed.map((e, i) => frame(0, e, person, 100 + i * 2, i)),
        'blink',
        DLIB_MODEL,
      ).promptMet,
    ).toBe(false);
  });

  it('fails a still picture repeated', () => {
    const still = Array.from({ length: 6 }, () => frame(0, 0.3, person, 100));
    const result = verifyChallenge(still, 'blink', DLIB_MODEL);
    expect(result.motion).toBe(false);
    expect(result.passed).toBe(false);
  });

  it('fails when the face changes between frames', () => {
    const frames = [0, 8, 16, 25, 30, 20, 5].map((yaw, i) =>
      frame(yaw, 0.3, i % 2 ? other : person, 100 + i * 2, i),
    );
    const result = verifyChallenge(frames, 'turn_left', DLIB_MODEL);
    expect(result.sameFace).toBe(false);
    expect(result.passed).toBe(false);
  });

  it('fails with too few frames or several faces', () => {
    expect(verifyChallenge([frame(0, 0.3, person, 100)], 'blink', DLIB_MODEL).passed).toBe(false);
    const crowd = [0, 10, 20, 30].map((yaw, i) => ({ ...frame(yaw, 0.3, person, 100 + i, i), faces: 2 }));
    expect(verifyChallenge(crowd, 'turn_left', DLIB_MODEL).failures).toContain(
      'more than one face on a frame',
    );
  });
});

describe('liveness score', () => {
  const passive = { antispoof: 0.9, liveness: 0.95, moire: 1, combined: 0.94 };
  it('is LIVE with a passed challenge and NOT_LIVE with a failed one', () => {
    const ok = verifyChallenge(
      [0, 10, 20, 30, 10].map((y, i) => frame(y, 0.3, person, 90 + i, i)),
      'turn_left',
      DLIB_MODEL,
    );
    expect(livenessReport(passive, ok)).toMatchObject({ decision: 'LIVE' });
    expect(livenessReport(passive, ok).score).toBeGreaterThanOrEqual(90);
    const bad = verifyChallenge(
      [0, 10, 20, 30, 10].map((y, i) => frame(y, 0.3, person, 90 + i, i)),
      'turn_right',
      DLIB_MODEL,
    );
    const report = livenessReport(passive, bad);
    expect(report.decision).toBe('NOT_LIVE');
    expect(report.score).toBeLessThan(50);
  });
  it('uses the passive signals alone when there is no challenge', () => {
    expect(livenessReport(passive, null).decision).toBe('LIVE');
    expect(livenessReport({ antispoof: 0.1, liveness: 0.2, moire: 0.1, combined: 0.14 }, null).decision).toBe(
      'NOT_LIVE',
    );
    expect(livenessReport(null, null)).toMatchObject({ decision: 'NOT_LIVE', score: 0 });
  });
});
