// `openkyc fixtures DIR`: writes a synthetic document set with a gt.json that `openkyc eval` scores.
import type { Command } from 'commander';
import { fixtureFormats, writeFixtureSet } from '../fixtures/generate.js';
import type { FixtureFormat } from '../fixtures/identity.js';
import { type VariantFamily, variantFamilies } from '../fixtures/scene.js';

function list<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  what: string,
): readonly T[] | undefined {
  if (!value) return undefined;
  const items = value.split(',').map((v) => v.trim()) as T[];
  for (const item of items)
    if (!allowed.includes(item)) throw new Error(`unknown ${what} "${item}" (known: ${allowed.join(', ')})`);
  return items;
}

export function register(program: Command): void {
  program
    .command('fixtures')
    .description('Write synthetic MRZ documents (all formats x variant families) with a gt.json to a folder')
    .argument('<dir>', 'output folder')
    .option('--per-cell <n>', 'documents per format and variant family', '2')
    .option('--negatives <n>', 'documents without an MRZ per variant family', '1')
    .option('--seed <n>', 'random seed', '1')
    .option('--formats <list>', `comma-separated subset of ${fixtureFormats.join(',')}`)
    .option('--families <list>', `comma-separated subset of ${variantFamilies.join(',')}`)
    .action(async (dir: string, options: Record<string, string | undefined>) => {
      const formats = list<FixtureFormat>(options.formats, fixtureFormats, 'format');
      const families = list<VariantFamily>(options.families, variantFamilies, 'family');
      const records = await writeFixtureSet(dir, {
        seed: Number(options.seed),
        perCell: Number(options.perCell),
        negativesPerFamily: Number(options.negatives),
        ...(formats ? { formats } : {}),
        ...(families ? { families } : {}),
      });
      process.stderr.write(`fixtures: wrote ${records.length} images and gt.json to ${dir}\n`);
    });
}
