// The capture page's on-device guidance (web/liveform/src/capture/guidance.ts) measured on synthetic camera
// frames (src/fixtures/liveform/guidance-frames.ts): each frame goes through the same analysis window and
// downscaling as on the page, and the advice is compared with what the frame shows. The measured separations of
// the thresholds are printed (README "Liveform": on-device guidance).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FRAME_CASES,
  type FrameCase,
  type GuidanceFrame,
  guidanceFrame,
} from '../../src/fixtures/liveform/guidance-frames.js';
import { seededRandom } from '../../src/fixtures/random.js';
import {
  analysisWindow,
  assessDocument,
  GUIDANCE_LIMITS,
  type Guidance,
  guideRect,
} from '../../web/liveform/src/capture/guidance.js';

const WIDTH = 1280;
const HEIGHT = 720;
/** The page's analysis width (web/liveform/src/screens/document.ts). */
const ANALYSIS_WIDTH = 400;
/** Frames per case; GUIDANCE_FRAMES and GUIDANCE_SEED repeat the measurement larger or on other frames. */
const PER_CASE = Number(process.env.GUIDANCE_FRAMES ?? 8);
const SHOTS = path.resolve('test-output/liveform/guidance');
const ASPECT = { TD1: 1.586, TD3: 1.42 } as const;

interface Assessed {
  readonly frame: GuidanceFrame;
  readonly guidance: Guidance;
}

/** What the page does with a frame: crop the guide plus a margin, scale it to 400 px wide, assess it. */
async function assess(frame: GuidanceFrame, name: string): Promise<Guidance> {
  const guide = guideRect(frame.width, frame.height, ASPECT[frame.format]);
  const window = analysisWindow(guide, frame.width, frame.height, ANALYSIS_WIDTH);
  const r = window.region;
  const left = Math.round(r.x);
  const top = Math.round(r.y);
  const width = Math.min(frame.width - left, Math.round(r.width));
  const height = Math.min(frame.height - top, Math.round(r.height));
  const { data, info } = await sharp(frame.gray, {
    raw: { width: frame.width, height: frame.height, channels: 1 },
  })
    .extract({ left, top, width, height })
    .resize(Math.round(width * window.scale), Math.round(height * window.scale), { kernel: 'linear' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const guidance = assessDocument(
    { width: info.width, height: info.height, data: new Uint8Array(data) },
    window.guide,
  );
  // What the page looked at, for reading the misses (ignored folder).
  if (guidance.verdict !== frame.expected) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .png()
      .toFile(path.join(SHOTS, `${name}-${guidance.verdict}.png`));
  }
  return guidance;
}

const byCase = new Map<FrameCase, Assessed[]>();

beforeAll(async () => {
  const random = seededRandom(Number(process.env.GUIDANCE_SEED ?? 20_241_124));
  for (const expected of FRAME_CASES) {
    const assessed: Assessed[] = [];
    for (let i = 0; i < PER_CASE; i++) {
      const format = i % 2 === 0 ? 'TD3' : 'TD1';
      const guide = guideRect(WIDTH, HEIGHT, ASPECT[format]);
      const frame = await guidanceFrame(random, expected, format, { width: WIDTH, height: HEIGHT, guide });
      assessed.push({ frame, guidance: await assess(frame, `${expected}-${i}`) });
    }
    byCase.set(expected, assessed);
  }
  const lines = FRAME_CASES.map((expected) => {
    const verdicts = byCase.get(expected)!.map((a) => a.guidance.verdict);
    const right = verdicts.filter((v) => v === expected).length;
    return `${expected.padEnd(8)} ${right}/${verdicts.length}  ${verdicts.join(' ')}`;
  });
  const metric = (c: FrameCase, pick: (g: Guidance) => number) =>
    byCase
      .get(c)!
      .filter((a) => a.guidance.outline)
      .map((a) => pick(a.guidance));
  const range = (values: number[]) =>
    values.length ? `${Math.min(...values).toFixed(4)}..${Math.max(...values).toFixed(4)}` : '-';
  process.stderr.write(
    `guidance on synthetic frames (${WIDTH}x${HEIGHT}, analysed at ${ANALYSIS_WIDTH} px):\n${lines.join('\n')}\n` +
      `sharpness ok ${range(metric('ok', (g) => g.sharpness))} | blurry ${range(metric('blurry', (g) => g.sharpness))} (limit ${GUIDANCE_LIMITS.minSharpness})\n` +
      `glare ok ${range(metric('ok', (g) => g.glare))} | glare ${range(metric('glare', (g) => g.glare))} (limit ${GUIDANCE_LIMITS.maxGlare})\n` +
      `structure in the guide: empty ${range(byCase.get('none')!.map((a) => a.guidance.sharpness))} | far ${range(
        byCase
          .get('far')!
          .filter((a) => !a.guidance.outline)
          .map((a) => a.guidance.sharpness),
      )} (limit ${GUIDANCE_LIMITS.minStructure})\n` +
      `brightness ok ${range(byCase.get('ok')!.map((a) => a.guidance.brightness))} | dark ${range(byCase.get('dark')!.map((a) => a.guidance.brightness))} (limit ${GUIDANCE_LIMITS.minBrightness})\n`,
  );
}, 120_000);

const accuracy = (c: FrameCase) => byCase.get(c)!.filter((a) => a.guidance.verdict === c).length / PER_CASE;
const misses = (c: FrameCase) =>
  byCase
    .get(c)!
    .filter((a) => a.guidance.verdict !== c)
    .map((a) => `${a.frame.description}: ${a.guidance.verdict}`);

describe('on-device guidance on synthetic frames', () => {
  it('lets a well-placed, sharp document through (auto-capture)', () => {
    expect(misses('ok')).toEqual([]);
  });

  it('asks to move closer when the document is small in the frame', () => {
    expect(accuracy('far'), misses('far').join('\n')).toBeGreaterThanOrEqual((PER_CASE - 1) / PER_CASE);
  });

  it('asks for all four corners when a side is outside the guide', () => {
    expect(accuracy('corners'), misses('corners').join('\n')).toBeGreaterThanOrEqual(
      (PER_CASE - 1) / PER_CASE,
    );
  });

  it('says blurry for a shaken photo, and never lets one through', () => {
    expect(accuracy('blurry'), misses('blurry').join('\n')).toBeGreaterThanOrEqual((PER_CASE - 1) / PER_CASE);
    expect(byCase.get('blurry')!.some((a) => a.guidance.verdict === 'ok')).toBe(false);
  });

  it('says glare for a saturated reflection, and never lets one through', () => {
    expect(accuracy('glare'), misses('glare').join('\n')).toBeGreaterThanOrEqual((PER_CASE - 1) / PER_CASE);
    expect(byCase.get('glare')!.some((a) => a.guidance.verdict === 'ok')).toBe(false);
  });

  it('asks for light in the dark and says nothing is there on an empty table', () => {
    expect(misses('dark')).toEqual([]);
    expect(misses('none')).toEqual([]);
  });
});
