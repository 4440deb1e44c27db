// Real inference (Human detector + dlib ResNet on tfjs-wasm) on generated faces, and on the shared photo set
// when it is present. One engine for the whole file: models load once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type FaceEngine } from '../../../src/engine/face/engine.js';
import { compareEmbeddings } from '../../../src/engine/face/similarity.js';
import type { FaceImageReport } from '../../../src/engine/face/types.js';
import { faceIdentity, renderFace } from '../../../src/fixtures/face/synthetic-face.js';
import {
  CHALLENGE_POSES,
  challengeFrames,
  distantSelfie,
  groupSelfie,
  idCardWithPortrait,
  noFaceImage,
} from '../../../src/fixtures/face/synthetic-scenes.js';
import { sharedData, sharedDataAvailable } from '../../support/shared-data.js';

let engine: FaceEngine;
const alex = faceIdentity(1);
const sam = faceIdentity(2);
const kim = faceIdentity(3);

beforeAll(async () => {
  engine = await createFaceEngine();
}, 120_000);

function match(a: FaceImageReport, b: FaceImageReport) {
  expect(a.analysis.embedding).not.toBeNull();
  expect(b.analysis.embedding).not.toBeNull();
  return compareEmbeddings(a.analysis.embedding!, b.analysis.embedding!, engine.model);
}

describe('selfie quality reason codes', () => {
  it('accepts a good selfie', async () => {
    const report = await engine.analyze(await renderFace(alex, {}, { format: 'jpeg' }), 'selfie');
    expect(report.quality?.reasons).toEqual([]);
    expect(report.quality?.faceCount).toBe(1);
    expect(report.passive?.antispoof).not.toBeNull();
  });
  it('flags two faces', async () => {
    const report = await engine.analyze(await groupSelfie([alex, sam]), 'selfie');
    expect(report.quality?.faceCount).toBe(2);
    expect(report.quality?.reasons).toContain('TOO_MANY_FACES_SELFIE_IMAGE');
  });
  it('flags no face', async () => {
    const report = await engine.analyze(await noFaceImage(), 'selfie');
    expect(report.analysis.face).toBeNull();
    expect(report.quality?.reasons).toEqual(['NOT_HUMAN_FACE']);
  });
  it('flags a tiny (distant) face', async () => {
    const report = await engine.analyze(await distantSelfie(alex), 'selfie');
    expect(report.quality?.faceCount).toBe(1);
    expect(report.quality?.reasons).toContain('FACE_TOO_FAR_SELFIE_IMAGE');
  });
  it('flags a turned head and a blurred face', async () => {
    const turned = await engine.analyze(await renderFace(alex, { yaw: 40 }, { format: 'jpeg' }), 'selfie');
    expect(turned.quality?.reasons).toContain('FACE_ANGLE_TOO_LARGE_SELFIE_IMAGE');
    const blurred = await engine.analyze(
      await sharp(await renderFace(alex))
        .blur(6)
        .jpeg()
        .toBuffer(),
      'selfie',
    );
    expect(blurred.quality?.reasons).toContain('OUT_OF_FOCUS');
  });
  it('refuses bytes that are not an image with a clear error', async () => {
    await expect(engine.analyze(new Uint8Array([1, 2, 3, 4]), 'selfie')).rejects.toThrow(
      /cannot decode image/,
    );
    await expect(engine.analyze(new Uint8Array(), 'selfie')).rejects.toThrow(/empty/);
  });
});

describe('portrait on a generated ID card', () => {
  let selfie: FaceImageReport;
  beforeAll(async () => {
    selfie = await engine.analyze(await renderFace(alex, { yaw: 6 }, { format: 'jpeg' }), 'selfie');
  });
  for (const [name, options] of [
    ['upright', {}],
    ['greyscale', { greyscale: true }],
    ['with a ghost image', { ghost: true }],
    ['small portrait', { portraitWidth: 110 }],
    ['turned 90', { rotate: 90 }],
    ['upside down', { rotate: 180 }],
    ['turned 270', { rotate: 270 }],
  ] as const) {
    it(`finds the portrait (${name}) and matches a different crop of the same face`, async () => {
      const card = await engine.analyze(await idCardWithPortrait(alex, options), 'document');
      expect(card.analysis.faces.length).toBe(1);
      const otherCrop = await engine.analyze(
        await idCardWithPortrait(alex, { crop: [0.2, 0.15, 0.6, 0.6] }),
        'document',
      );
      expect(match(card, otherCrop).match).toBe(true);
      expect(match(card, selfie).match).toBe(true);
    });
  }
});

describe('active liveness challenge on generated frame sequences', () => {
  for (const prompt of ['turn_left', 'turn_right', 'blink'] as const) {
    it(`passes a sequence that follows "${prompt}" and fails another prompt`, async () => {
      const frames = await challengeFrames(kim, CHALLENGE_POSES[prompt]);
      const result = await engine.challenge(frames, prompt);
      expect(result.failures).toEqual([]);
      expect(result.passed).toBe(true);
      const wrong = await engine.challenge(frames, prompt === 'blink' ? 'turn_left' : 'blink');
      expect(wrong.passed).toBe(false);
      expect(wrong.promptMet).toBe(false);
    });
  }
  it('fails a static photo repeated', async () => {
    const [still] = await challengeFrames(kim, [{}]);
    const result = await engine.challenge(Array(8).fill(still!), 'blink');
    expect(result.motion).toBe(false);
    expect(result.passed).toBe(false);
  });
  it('fails frames of two different faces', async () => {
    const a = await challengeFrames(kim, CHALLENGE_POSES.turn_left);
    const b = await challengeFrames(sam, CHALLENGE_POSES.turn_left);
    const result = await engine.challenge(
      a.map((f, i) => (i % 2 ? b[i]! : f)),
      'turn_left',
    );
    expect(result.passed).toBe(false);
  });
});

describe.runIf(sharedDataAvailable('faces-bbt'))(
  'real photos (../shared/data/faces-bbt, read at test time)',
  () => {
    const photo = (who: string, k: number): string =>
      path.join(sharedData, 'faces-bbt/images', who, `${who}${k}.png`);
    /** A generated card carrying a real photo as its portrait. */
    async function cardWith(
      file: string,
      crop: [number, number, number, number] = [0, 0, 1, 1],
    ): Promise<Buffer> {
      const img = sharp(await readFile(file));
      const { width = 150, height = 150 } = await img.metadata();
      const cut = await img
        .extract({
          left: Math.round(crop[0] * width),
          top: Math.round(crop[1] * height),
          width: Math.round(crop[2] * width),
          height: Math.round(crop[3] * height),
        })
        .resize(240, 300, { fit: 'cover' })
        .png()
        .toBuffer();
      return sharp({ create: { width: 1012, height: 638, channels: 3, background: '#d7e3ec' } })
        .composite([{ input: cut, left: 60, top: 170 }])
        .jpeg({ quality: 90 })
        .toBuffer();
    }

    it('a card with a known portrait matches another crop of the same photo, not other people', async () => {
      const card = await engine.analyze(await cardWith(photo('penny', 1)), 'document');
      const crop = await engine.analyze(
        await cardWith(photo('penny', 1), [0.05, 0.05, 0.9, 0.9]),
        'document',
      );
      expect(match(card, crop).match).toBe(true);
      for (const who of ['amy', 'bernadette', 'raj', 'sheldon']) {
        const other = await engine.analyze(await cardWith(photo(who, 1)), 'document');
        const result = match(card, other);
        expect(result.match, who).toBe(false);
        expect(result.similarity).toBeLessThan(0.7);
      }
      const samePersonOtherPhoto = await engine.analyze(await readFile(photo('penny', 3)), 'document');
      expect(match(card, samePersonOtherPhoto).match).toBe(true);
    });

    it('fails a challenge whose frames alternate between two people', async () => {
      const frames = await Promise.all(
        [1, 2, 3, 4, 5, 1].map((k, i) =>
          sharp(photo(i % 2 ? 'raj' : 'howard', k))
            .resize(300, 300)
            .extend({ top: 80, bottom: 80, left: 80, right: 80, background: '#888' })
            .jpeg()
            .toBuffer(),
        ),
      );
      const result = await engine.challenge(frames, 'blink');
      expect(result.sameFace).toBe(false);
      expect(result.passed).toBe(false);
    });
  },
);
