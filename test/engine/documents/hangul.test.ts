// Korean documents: names printed in Hangul (which the PP-OCR recogniser cannot read) are read by the Hangul
// line reader, with nothing fetched from the network; a Korean back, whose printed words are all Hangul,
// is recognised by its printed Hangul words, read the same way, while a blank back or another document's
// back is still refused (argos.md §3 error 1012).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelById } from '../../../src/engine/documents/catalogue.js';
import {
  closeHangulReader,
  koreanDataDirectory,
  readHangulLines,
} from '../../../src/engine/ocr/hangul-reader.js';
import { analyzeDocument } from '../../../src/engine/pipeline.js';
import { renderSyntheticDocument, type SyntheticDocument } from '../../../src/fixtures/documents/render.js';
import { seededRandom } from '../../../src/fixtures/random.js';

const root = path.resolve(import.meta.dirname, '../../..');
const builtReader = path.join(root, 'dist/src/engine/ocr/hangul-reader.js');

async function grayOf(jpeg: Uint8Array) {
  const { data, info } = await sharp(jpeg).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

let idCard: SyntheticDocument;
let licence: SyntheticDocument;
let otherCard: SyntheticDocument;

beforeAll(async () => {
  idCard = await renderSyntheticDocument(modelById('KOR.government_id.1999')!, seededRandom(41));
  licence = await renderSyntheticDocument(modelById('KOR.drivers_license.2019')!, seededRandom(42));
  otherCard = await renderSyntheticDocument(modelById('DEU.drivers_license.2013')!, seededRandom(43));
});

afterAll(async () => {
  await closeHangulReader();
});

describe('the Hangul line reader', () => {
  it('reads a printed Korean name from its line', async () => {
    const name = licence.truth.find((t) => t.field === 'fullName')!;
    const [line] = await readHangulLines(await grayOf(licence.front.image), [name.quad]);
    expect(line?.text).toBe(name.expected);
    expect(line?.confidence).toBeGreaterThan(0.5);
  });

  it('loads its model from node_modules and fetches nothing, even with the network cut off', async () => {
    expect(existsSync(path.join(koreanDataDirectory(), 'kor.traineddata.gz'))).toBe(true);
    if (!existsSync(builtReader)) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    const dir = await mkdtemp(path.join(tmpdir(), 'openkyc-hangul-'));
    try {
      // Preloaded in the process and in its worker threads: any fetch or socket connection throws.
      const cutOff = path.join(dir, 'no-network.cjs');
      await writeFile(
        cutOff,
        [
          "const net = require('node:net');",
          "globalThis.fetch = () => { throw new Error('fetch called'); };",
          "net.Socket.prototype.connect = () => { throw new Error('socket opened'); };",
        ].join('\n'),
      );
      const name = idCard.truth.find((t) => t.field === 'fullName')!;
      const gray = await grayOf(idCard.front.image);
      const rawPath = path.join(dir, 'front.gray');
      await writeFile(rawPath, gray.data);
      const script = `
        import { readFileSync } from 'node:fs';
        import { readHangulLines, closeHangulReader } from ${JSON.stringify(builtReader)};
        const image = { data: new Uint8Array(readFileSync(${JSON.stringify(rawPath)})), width: ${gray.width}, height: ${gray.height} };
        const lines = await readHangulLines(image, [${JSON.stringify(name.quad)}]);
        await closeHangulReader();
        process.stdout.write(JSON.stringify(lines));`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--require', cutOff, '--input-type=module', '-e', script],
        { cwd: dir, timeout: 30_000 },
      );
      expect((JSON.parse(stdout) as { text: string }[])[0]?.text).toBe(name.expected);
      // No cached copy of the model is written to the working directory.
      expect(existsSync(path.join(dir, 'kor.traineddata'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Korean documents', () => {
  it('reads the name of an ID card and recognises its Hangul-only back', async () => {
    const report = await analyzeDocument(idCard.front.image, {
      back: idCard.back!.image,
      requested: { country: 'KOR', idType: 'government_id' },
    });
    expect(report.fields.fullName?.value).toBe(idCard.holder.nameHangul);
    expect(report.recognition?.recognised).toMatchObject({ front: true, back: true, reason: null });
  });

  it('reads a Hangul address whose digits alone the page recogniser read', async () => {
    // The fixtures print Latin addresses; this card gets a Korean one painted over its address.
    const address = idCard.truth.find((t) => t.field === 'address')!;
    const xs = address.quad.map((p) => p.x);
    const ys = address.quad.map((p) => p.y);
    const [left, top] = [Math.min(...xs) - 6, Math.min(...ys) - 6];
    const [width, height] = [Math.max(...xs) - left + 12, Math.max(...ys) - top + 12];
    const size = Math.round(height * 0.32);
    const { width: w, height: h } = await sharp(idCard.front.image).metadata();
    const svg = `<svg width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg">
      <rect x="${left}" y="${top}" width="${width}" height="${height}" fill="#f2f0ec"/>
      <text x="${left + 8}" y="${top + height * 0.42}" font-family="WenQuanYi Micro Hei" font-size="${size}">서울특별시 종로구 세종대로 209</text>
      <text x="${left + 8}" y="${top + height * 0.88}" font-family="WenQuanYi Micro Hei" font-size="${size}">정부서울청사</text>
    </svg>`;
    const front = await sharp(idCard.front.image)
      .composite([{ input: Buffer.from(svg), left: 0, top: 0 }])
      .jpeg()
      .toBuffer();
    const report = await analyzeDocument(front, { requested: { country: 'KOR', idType: 'government_id' } });
    expect(report.fields.address?.value).toBe('서울특별시 종로구 세종대로 209, 정부서울청사');
    expect(report.fields.fullName?.value).toBe(idCard.holder.nameHangul);
  });

  it('classifies a Korean licence sent without a request by its Hangul title', async () => {
    const report = await analyzeDocument(licence.front.image, { back: licence.back!.image });
    expect(report.document).toEqual({ type: 'drivers_license', country: 'KOR' });
    expect(report.fields.fullName?.value).toBe(licence.holder.nameHangul);
  });

  it("reads the name of a driver licence, and refuses a blank back or another document's back", async () => {
    const blank = await sharp({
      create: { width: 1012, height: 638, channels: 3, background: { r: 230, g: 232, b: 228 } },
    })
      .jpeg()
      .toBuffer();
    for (const back of [blank, otherCard.back!.image]) {
      const report = await analyzeDocument(licence.front.image, {
        back,
        requested: { country: 'KOR', idType: 'drivers_license' },
      });
      expect(report.fields.fullName?.value).toBe(licence.holder.nameHangul);
      expect(report.recognition?.recognised).toMatchObject({
        front: true,
        back: false,
        reason: 'no document data was read from the back',
      });
    }
  });
});
