import type { Config } from '../config/load.js';
import { randomBase62 } from '../crypto/random-id.js';
import type { Database } from '../store/database.js';
import type { Admins } from './admins.js';
import type { Projects } from './projects.js';

export interface FirstStart {
  readonly projectId: string;
  /** Present only when generated here: the operator sees it this once. */
  readonly apiKey?: string;
  readonly adminEmail: string;
  /** Present only when generated here. */
  readonly adminPassword?: string;
}

/**
 * On the very first start (no project yet) creates the default project, its API key and the dashboard
 * admin, in one transaction. Later starts change nothing and return undefined.
 */
export async function bootstrapFirstStart(
  db: Database,
  projects: Projects,
  admins: Admins,
  config: Pick<Config, 'projectId' | 'apiKey' | 'adminPassword' | 'adminEmail'>,
): Promise<FirstStart | undefined> {
  return db.transaction(async (tx) => {
    // Serialises concurrent first starts of several servers on one PostgreSQL.
    await tx.query('SELECT pg_advisory_xact_lock(7351802212)');
    const { rows } = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM projects');
    if ((rows[0]?.count ?? 0) > 0) return undefined;
    const project = await projects.create(
      { id: config.projectId, name: 'Default project', settings: { admins: [config.adminEmail] } },
      'system',
      tx,
    );
    const key = await projects.issueApiKey(
      project.id,
      { key: config.apiKey, label: 'default' },
      'system',
      tx,
    );
    const adminPassword = config.adminPassword ?? randomBase62(20);
    if ((await admins.count(tx)) === 0) await admins.create(config.adminEmail, adminPassword, 'system', tx);
    return {
      projectId: project.id,
      apiKey: config.apiKey ? undefined : key.key,
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword ? undefined : adminPassword,
    };
  });
}
