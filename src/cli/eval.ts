// `openkyc eval DIR [--json]`: scores the engine on a folder with a gt.json (../shared/data's format).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('eval')
    .description(
      'Score the engine on a folder holding a gt.json (MRZ, and whatever other scorers are registered)',
    )
    .argument('<dir>', 'folder with gt.json')
    .option('--json', 'print one JSON object instead of a table')
    .option('--details', 'with --json, include per-item misreads')
    .option('--threads <n>', 'engine worker threads (default: one per core)')
    .action(async (dir: string, options: { json?: boolean; details?: boolean; threads?: string }) => {
      const { evaluate, formatTable } = await import('../eval/run.js');
      const result = await evaluate(dir, options.threads ? { threads: Number(options.threads) } : {});
      if (options.json) {
        const reports = result.reports.map((r) => ({
          kind: r.kind,
          metrics: r.metrics,
          ...(options.details && r.details ? { details: r.details } : {}),
        }));
        process.stdout.write(`${JSON.stringify({ dir: result.dir, records: result.records, reports })}\n`);
      } else {
        process.stdout.write(formatTable(result));
      }
    });
}
