// The built CLI (npm test builds first): pairs as arguments, on stdin, and 1,000 pairs in one call (which
// makes the command re-run itself with the list on stdin: onnxruntime crashes on a huge argument list).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceIdentity, renderFace } from '../../../src/fixtures/face/synthetic-face.js';
import { idCardWithPortrait, noFaceImage } from '../../../src/fixtures/face/synthetic-scenes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = path.join(root, 'dist/src/cli.js');

function run(args: string[], input?: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ stdout, stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 }),
    );
    child.stdin?.end(input ?? '');
  });
}

const lines = (out: string): Record<string, unknown>[] =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('openkyc face-compare', () => {
  let dir: string;
  let selfie: string;
  let card: string;
  let blank: string;
  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does)');
    dir = await mkdtemp(path.join(tmpdir(), 'openkyc-face-cli-'));
    selfie = path.join(dir, 'selfie.jpg');
    card = path.join(dir, 'card.jpg');
    blank = path.join(dir, 'blank.jpg');
    await writeFile(selfie, await renderFace(faceIdentity(1), { yaw: 5 }, { format: 'jpeg' }));
    await writeFile(card, await idCardWithPortrait(faceIdentity(1)));
    await writeFile(blank, await noFaceImage());
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints one JSON line per pair given as arguments', async () => {
    const { stdout, code } = await run(['face-compare', '--jsonl', `${card}:${selfie}`, `${card}:${blank}`]);
    expect(code).toBe(0);
    const [same, none] = lines(stdout);
    expect(same).toMatchObject({ a: card, b: selfie, match: true });
    expect(same!.similarity).toBeGreaterThanOrEqual(0.7);
    expect(same!.similarity).toBeLessThanOrEqual(1);
    expect(typeof same!.ms).toBe('number');
    expect(none).toMatchObject({ a: card, b: blank, similarity: 0, match: false });
  });

  it('reads pairs from stdin and reports unreadable files without stopping', async () => {
    const { stdout, code } = await run(
      ['face-compare', '--jsonl'],
      `${selfie}:${card}\n\n${path.join(dir, 'missing.jpg')}:${card}\n`,
    );
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ match: true });
    expect(out[1]).toMatchObject({ match: false, similarity: 0 });
    expect(String(out[1]!.error)).toMatch(/no such file/);
  });

  it('handles 1,000 pairs in one call', async () => {
    const pairs = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `${card}:${selfie}` : `${selfie}:${card}`));
    const { stdout, code } = await run(['face-compare', '--jsonl', ...pairs]);
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(1000);
    expect(out.every((l) => l.match === true)).toBe(true);
    expect(out[1]).toMatchObject({ a: card, b: selfie });
  }, 120_000);
});
