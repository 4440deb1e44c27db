import fs from 'node:fs';
import type { Command } from 'commander';
import { withConfigOptions } from './config-options.js';
import { STORAGE_SETTINGS, withApp } from './with-app.js';

// `openkyc aml`: the operator's sanctions/PEP lists (OpenSanctions targets.simple.csv; README "AML screening").
// Nothing is downloaded: the operator fetches a list and loads it here or through the admin API.

const KINDS = ['pep', 'watchlist'] as const;

export function register(program: Command): void {
  const aml = program
    .command('aml')
    .description('Load and inspect the sanctions/PEP lists AML screening uses');

  withConfigOptions(
    aml
      .command('load')
      .description('Load a list (OpenSanctions targets.simple.csv); the same --name replaces that list')
      .argument('<file>', 'the CSV file')
      .option('--name <name>', 'the list name (default: the file name without extension)')
      .option('--kind <kind>', 'kind of entries without a sanctions program: pep | watchlist', 'watchlist'),
    STORAGE_SETTINGS,
  ).action(async (file: string, options: Record<string, unknown>) => {
    const kind = String(options.kind);
    if (!(KINDS as readonly string[]).includes(kind))
      throw new Error(`--kind must be pep or watchlist, not "${kind}"`);
    if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
    const name =
      typeof options.name === 'string'
        ? options.name
        : (file.split('/').at(-1) ?? file).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '-');
    await withApp(options, async (app) => {
      const { loadList } = await import('../kyc/aml/aml-lists.js');
      const summary = await loadList(app.db, {
        name,
        source: fs.createReadStream(file),
        kind: kind as (typeof KINDS)[number],
        loadedBy: 'cli',
      });
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    });
  });

  withConfigOptions(
    aml.command('lists').description('The loaded lists, one JSON object each'),
    STORAGE_SETTINGS,
  ).action(async (options: Record<string, unknown>) => {
    await withApp(options, async (app) => {
      const { activeLists } = await import('../kyc/aml/aml-lists.js');
      for (const list of await activeLists(app.db)) process.stdout.write(`${JSON.stringify(list)}\n`);
    });
  });

  withConfigOptions(
    aml.command('remove').description('Remove a loaded list').argument('<name>'),
    STORAGE_SETTINGS,
  ).action(async (name: string, options: Record<string, unknown>) => {
    await withApp(options, async (app) => {
      const { removeList } = await import('../kyc/aml/aml-lists.js');
      if (!(await removeList(app.db, name))) throw new Error(`no list named ${name}`);
      process.stdout.write(`${JSON.stringify({ removed: name })}\n`);
    });
  });

  withConfigOptions(
    aml
      .command('screen')
      .description('Screen one name against the loaded lists (prints the verdict; stores nothing)')
      .argument('<name>', 'the full name')
      .option('--birth-date <date>', 'YYYY-MM-DD')
      .option('--nationality <code>', 'ISO 3166-1 alpha-3'),
    STORAGE_SETTINGS,
  ).action(async (name: string, options: Record<string, unknown>) => {
    await withApp(options, async (app) => {
      const { screenPerson } = await import('../kyc/aml/screen-person.js');
      const verdict = await screenPerson(app.db, {
        fullName: name,
        birthDate: typeof options.birthDate === 'string' ? options.birthDate : undefined,
        nationality: typeof options.nationality === 'string' ? options.nationality.toUpperCase() : undefined,
      });
      process.stdout.write(`${JSON.stringify(verdict)}\n`);
    });
  });
}
