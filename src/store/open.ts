import path from 'node:path';
import type { Config } from '../config/load.js';
import type { Database } from './database.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

/** The database the configuration names: PostgreSQL by DATABASE_URL, else the embedded one in the data folder. */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  if (config.databaseUrl) return openPostgresDatabase(config.databaseUrl);
  return openPgliteDatabase(path.resolve(config.dataDir, 'pgdata'));
}
