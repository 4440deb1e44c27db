// Every scorer `openkyc eval` knows. A new kind of ground truth is one module plus one entry here.
import { mrzScorer } from './mrz-score.js';
import type { Scorer } from './types.js';

export const scorers: Scorer[] = [mrzScorer];
