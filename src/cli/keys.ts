import type { Command } from 'commander';
import type { App } from '../app.js';
import { withConfigOptions } from './config-options.js';
import { STORAGE_SETTINGS, withApp } from './with-app.js';

async function defaultProjectId(app: App, given: unknown): Promise<string> {
  if (typeof given === 'string') return given;
  const projects = await app.projects.list();
  if (projects.length !== 1) throw new Error('there are several projects: name one with --project');
  return projects[0]!.id;
}

export function register(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys');

  withConfigOptions(
    keys
      .command('create')
      .description('Create an API key (printed once; only its hash is stored)')
      .option('--project <id>', 'project (default: the only one)')
      .option('--label <text>', 'a note to recognise the key by'),
    STORAGE_SETTINGS,
  ).action(async (options: Record<string, unknown>) => {
    await withApp(options, async (app) => {
      const projectId = await defaultProjectId(app, options.project);
      const label = typeof options.label === 'string' ? options.label : undefined;
      const issued = await app.projects.issueApiKey(projectId, { label }, 'cli');
      process.stdout.write(
        `${JSON.stringify({ id: issued.id, projectId, key: issued.key, label: issued.label })}\n`,
      );
    });
  });

  withConfigOptions(
    keys
      .command('list')
      .description('List API keys (hints only)')
      .option('--project <id>', 'only this project'),
    STORAGE_SETTINGS,
  ).action(async (options: Record<string, unknown>) => {
    await withApp(options, async (app) => {
      const project = typeof options.project === 'string' ? options.project : undefined;
      for (const key of await app.projects.listApiKeys(project))
        process.stdout.write(`${JSON.stringify(key)}\n`);
    });
  });

  withConfigOptions(
    keys
      .command('revoke')
      .description('Revoke an API key by id; requests with it get 403 at once')
      .argument('<id>'),
    STORAGE_SETTINGS,
  ).action(async (id: string, options: Record<string, unknown>) => {
    await withApp(options, async (app) => {
      const revoked = await app.projects.revokeApiKey(id, 'cli');
      process.stdout.write(`${JSON.stringify(revoked)}\n`);
    });
  });
}
