import fs from 'node:fs';
import path from 'node:path';
import { faceIdentity } from '../../src/fixtures/face/synthetic-face.js';
import type { Holder } from '../../src/fixtures/identity.js';
import { type FakeCamera, makeFakeCamera } from '../../src/fixtures/liveform/fake-camera.js';

/** The passport holder of the browser tests (an invented person of the ICAO specimen state). */
export const HOLDER: Holder = {
  surname: 'SAMPLE',
  givenNames: 'JANE QUINN',
  documentNumber: 'L898902C3',
  issuingState: 'UTO',
  nationality: 'UTO',
  birthDate: '900412',
  expiryDate: '310412',
  sex: 'F',
  optional: '',
};

export const OUTPUT = path.resolve('test-output/liveform');

/** The fake camera video (made once per checkout: ~15 s), in the ignored test-output folder. */
export async function fakeCamera(prompt: 'blink' | 'turn_left' | 'turn_right'): Promise<FakeCamera> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, `camera-${prompt}-v1.y4m`);
  const ready = `${file}.done`;
  const camera = { face: faceIdentity(3), holder: HOLDER, prompt, file };
  if (fs.existsSync(ready)) {
    const meta = JSON.parse(fs.readFileSync(ready, 'utf8')) as Omit<FakeCamera, 'documentPng'>;
    return { ...meta, documentPng: fs.readFileSync(`${file}.png`) };
  }
  const made = await makeFakeCamera(camera);
  fs.writeFileSync(`${file}.png`, made.documentPng);
  const { documentPng: _png, ...meta } = made;
  fs.writeFileSync(ready, JSON.stringify(meta));
  return made;
}
