// The evaluation framework: a ground-truth folder (gt.json in ../shared/data's format) is scored by every
// registered scorer whose kind of ground truth it contains. A scorer is one module, src/eval/<kind>-score.ts.
import type { EnginePool } from '../engine/pool.js';

export interface GroundTruth {
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly records: readonly Readonly<Record<string, unknown> & { file: string }>[];
  readonly pairs?: readonly Readonly<{ file_a: string; file_b: string; label: 'same' | 'different' }>[];
}

export interface EvalContext {
  /** Absolute path of the folder holding gt.json. */
  readonly dir: string;
  readonly gt: GroundTruth;
  /** The document engine's worker pool, created on first use and shared by the scorers. */
  documentPool(): EnginePool;
  /** Progress and diagnostics (stderr); never personal data. */
  log(message: string): void;
}

export type MetricValue = number | string | boolean | null;

export interface ScoreReport {
  readonly kind: string;
  /** Machine-readable figures (also the --json output): flat metrics, or a scorer's own result object. */
  readonly metrics: Readonly<Record<string, MetricValue>> | object;
  /** Rows of the human-readable table: label and formatted value. */
  readonly table: readonly (readonly [string, string])[];
  /** Preformatted table text, for scorers that print their own. */
  readonly text?: string;
  /** Per-item details worth a look (misreads, errors), for --json. */
  readonly details?: readonly unknown[];
}

export interface Scorer {
  readonly kind: string;
  /** Whether this ground truth (in folder `dir`) holds anything this scorer can score. */
  applies(gt: GroundTruth, dir: string): boolean | Promise<boolean>;
  score(context: EvalContext): Promise<ScoreReport>;
}
