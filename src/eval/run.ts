// Runs every applicable scorer over one ground-truth folder.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createEnginePool, type EnginePool } from '../engine/pool.js';
import { scorers as registered } from './scorers.js';
import type { GroundTruth, ScoreReport, Scorer } from './types.js';

export interface EvaluationResult {
  readonly dir: string;
  readonly records: number;
  readonly reports: readonly ScoreReport[];
}

export interface EvaluationOptions {
  readonly scorers?: readonly Scorer[];
  readonly threads?: number;
  readonly log?: (message: string) => void;
}

export async function loadGroundTruth(dir: string): Promise<GroundTruth> {
  const text = await readFile(join(dir, 'gt.json'), 'utf8');
  const gt = JSON.parse(text) as GroundTruth;
  if (!gt || !Array.isArray(gt.records)) throw new Error(`${join(dir, 'gt.json')} has no "records" array`);
  return gt;
}

export async function evaluate(folder: string, options: EvaluationOptions = {}): Promise<EvaluationResult> {
  const dir = resolve(folder);
  const gt = await loadGroundTruth(dir);
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  let pool: EnginePool | undefined;
  const context = {
    dir,
    gt,
    documentPool: (): EnginePool => {
      pool ??= createEnginePool(options.threads ? { threads: options.threads } : {});
      return pool;
    },
    log,
  };
  const reports: ScoreReport[] = [];
  try {
    for (const scorer of options.scorers ?? registered) {
      if (!(await scorer.applies(gt, dir))) continue;
      log(`eval: scoring ${scorer.kind} on ${dir}`);
      reports.push(await scorer.score(context));
    }
  } finally {
    await pool?.close();
  }
  return { dir, records: gt.records.length, reports };
}

export function formatTable(result: EvaluationResult): string {
  const out = [`${result.dir} (${result.records} records)`];
  if (result.reports.length === 0) out.push('  nothing to score: no scorer applies to this gt.json');
  for (const report of result.reports) {
    out.push(`  [${report.kind}]`);
    if (report.text)
      out.push(
        ...report.text
          .trimEnd()
          .split('\n')
          .map((line) => `    ${line}`),
      );
    const width = Math.max(0, ...report.table.map(([label]) => label.length));
    for (const [label, value] of report.table) out.push(`    ${label.padEnd(width)}  ${value}`);
  }
  return `${out.join('\n')}\n`;
}
