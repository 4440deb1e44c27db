// Every scorer `openkyc eval` knows. A new kind of ground truth is one module plus one entry here.
import { createFaceService } from '../engine/face/index.js';
import { formatBarcodeScore, isBarcodeDataset, scoreBarcodeDataset } from './barcode-score.js';
import { documentsScorer } from './documents-score.js';
import { faceSummaryRows, hasFacePairs, scoreFaceSet } from './face-score.js';
import { mrzScorer } from './mrz-score.js';
import type { Scorer } from './types.js';

const faceScorer: Scorer = {
  kind: 'face',
  applies: (gt) => hasFacePairs(gt),
  async score(context) {
    const service = createFaceService();
    try {
      const score = await scoreFaceSet(context.dir, service);
      return { kind: 'face', metrics: score, table: faceSummaryRows(score) };
    } finally {
      await service.close();
    }
  },
};

const barcodeScorer: Scorer = {
  kind: 'barcode',
  applies: (_gt, dir) => isBarcodeDataset(dir),
  async score(context) {
    const score = await scoreBarcodeDataset(context.dir);
    return { kind: 'barcode', metrics: score, table: [], text: formatBarcodeScore(score) };
  },
};

export const scorers: Scorer[] = [mrzScorer, documentsScorer, faceScorer, barcodeScorer];
