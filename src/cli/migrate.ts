import type { Command } from 'commander';
import { configFrom, withConfigOptions } from './config-options.js';

export function register(program: Command): void {
  withConfigOptions(
    program.command('migrate').description('Bring the database schema to the newest version and exit'),
    ['dataDir', 'databaseUrl', 'masterKey', 'logLevel'],
  ).action(async (options: Record<string, unknown>) => {
    const config = configFrom(options);
    const [{ openApp }, { createLogger }] = await Promise.all([
      import('../app.js'),
      import('../log/logger.js'),
    ]);
    // openApp migrates our schema and the job queue's before it returns.
    const app = await openApp(config, createLogger({ level: config.logLevel, destination: 'stderr' }), {
      jobMaintenance: false,
    });
    const { rows } = await app.db.query<{ version: number }>(
      'SELECT max(version)::int AS version FROM schema_migrations',
    );
    await app.close();
    process.stdout.write(`schema version ${rows[0]?.version ?? 0}\n`);
  });
}
