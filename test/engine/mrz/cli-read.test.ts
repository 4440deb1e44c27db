// `openkyc read --jsonl` from the build (npm test builds first): order, one line per image, errors as
// lines, and a very long argument list (which once crashed onnxruntime-node at session creation).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../../src/fixtures/document.js';
import { mrzLines, randomHolder } from '../../../src/fixtures/identity.js';
import { seededRandom } from '../../../src/fixtures/random.js';
import { composeScene } from '../../../src/fixtures/scene.js';
import { runCli } from '../../support/cli-process.js';

let dir: string;
let files: string[];
let expected: string[];

beforeAll(async () => {
  // Long folder names so that 130 paths exceed the re-run threshold (16 KB of arguments).
  dir = await mkdtemp(path.join(tmpdir(), `openkyc-read-${'x'.repeat(60)}-`));
  const random = seededRandom(11);
  const holder = randomHolder(random);
  expected = mrzLines('TD3', holder);
  const doc = await renderDocument({ format: 'TD3', holder, mrz: expected }, random, 11);
  const scene = await composeScene(doc, 'clean', random);
  const blank = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#9a9a9a' } })
    .jpeg()
    .toBuffer();
  files = [];
  for (let i = 0; i < 130; i++) {
    const file = path.join(dir, `${String(i).padStart(3, '0')}-${'document-photo-'.repeat(4)}.jpg`);
    await writeFile(file, i === 7 ? scene.bytes : i === 9 ? Buffer.from('not an image') : blank);
    files.push(file);
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openkyc read --jsonl', () => {
  it('prints one JSON object per image, in order, for 130 files on one command line', async () => {
    const argvBytes = files.reduce((s, f) => s + f.length + 1, 0);
    expect(argvBytes).toBeGreaterThan(16_384);
    const { stdout } = await runCli(['read', '--jsonl', ...files], process.env);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.file)).toEqual(files);
    for (const line of lines) {
      expect(line).toHaveProperty('ms');
      expect(line).toHaveProperty('checks');
      expect(line).toHaveProperty('fields');
    }
    const read = lines[7]!.mrz as { format: string; lines: string[]; valid: boolean };
    expect(read).toMatchObject({ format: 'TD3', lines: expected, valid: true });
    expect(lines[7]!.document).toMatchObject({ type: 'passport' });
    expect(lines[9]).toMatchObject({ mrz: null, error: { code: 'IMAGE_DECODE_FAILED' } });
    // Images without an MRZ: no invented MRZ.
    expect(lines.filter((l, i) => i !== 7 && l.mrz !== null)).toEqual([]);
  }, 180_000);

  it('reads the MRZ alone with --mrz-only', async () => {
    const picked = [files[7]!, files[8]!];
    const { stdout } = await runCli(['read', '--mrz-only', '--jsonl', ...picked], process.env);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.file)).toEqual(picked);
    expect(lines[0]!.mrz).toMatchObject({ format: 'TD3', lines: expected, valid: true });
    expect(lines[1]!.mrz).toBeNull();
    const sources = Object.values(lines[0]!.fields as Record<string, { source?: string }>).map(
      (f) => f.source,
    );
    expect(new Set(sources)).toEqual(new Set(['mrz']));
  }, 120_000);
});
