// `openkyc document-fixtures DIR`: writes synthetic documents of every document model (front and back
// images) with a gt.json that `openkyc eval DIR` scores (fields exact with their boxes, classification).
import type { Command } from 'commander';

function positiveInteger(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, not "${value}"`);
  return n;
}

export function register(program: Command): void {
  program
    .command('document-fixtures')
    .description('Write synthetic documents of every document model (front, back) with a gt.json to a folder')
    .argument('<dir>', 'output folder')
    .option('--per-model <n>', 'documents per model', '3')
    .option('--seed <n>', 'random seed', '1')
    .option('--models <list>', 'comma-separated model ids (default: every model)')
    .action(async (dir: string, options: { perModel: string; seed: string; models?: string }) => {
      const { writeDocumentSet } = await import('../fixtures/documents/write-set.js');
      const records = await writeDocumentSet(dir, {
        perModel: positiveInteger(options.perModel, '--per-model'),
        seed: positiveInteger(options.seed, '--seed'),
        ...(options.models ? { models: options.models.split(',').map((m) => m.trim()) } : {}),
      });
      process.stderr.write(`document-fixtures: wrote ${records.length} documents and gt.json to ${dir}\n`);
    });
}
