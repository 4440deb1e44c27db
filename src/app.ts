import path from 'node:path';
import type { BlobStore } from './blobs/blob-store.js';
import { createFilesystemBlobStore } from './blobs/filesystem-blob-store.js';
import type { Config } from './config/load.js';
import { createKeyring, type Keyring } from './crypto/keyring.js';
import { loadMasterKey } from './crypto/master-key.js';
import { type JobQueue, startJobQueue } from './jobs/job-queue.js';
import { type Admins, createAdmins } from './kyc/admins.js';
import { createProjects, type Projects } from './kyc/projects.js';
import type { Logger } from './log/logger.js';
import type { Database } from './store/database.js';
import { migrate } from './store/migrate.js';
import { openDatabase } from './store/open.js';

/** Everything a running openkyc process holds: opened once here, closed once in `close`. */
export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly keyring: Keyring;
  readonly blobs: BlobStore;
  readonly jobs: JobQueue;
  readonly projects: Projects;
  readonly admins: Admins;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** Whether this process runs job maintenance (archiving, expiry); off for one-shot CLI commands. */
  readonly jobMaintenance?: boolean;
}

/** The composition root: opens the database (and migrates it), the key ring, the blob store and the jobs. */
export async function openApp(config: Config, logger: Logger, options: OpenAppOptions = {}): Promise<App> {
  const masterKey = loadMasterKey({ configured: config.masterKey, dataDir: config.dataDir });
  if (masterKey.source === 'created')
    logger.warn({ file: masterKey.file }, 'created a new master key file: back it up');
  const keyring = createKeyring(masterKey.key);
  const db = await openDatabase(config);
  try {
    const migration = await migrate(db);
    if (migration.applied.length > 0) logger.info(migration, 'database migrated');
    const jobs = await startJobQueue(db, {
      maintenance: options.jobMaintenance ?? true,
      onError: (error) => logger.error({ err: error }, 'job queue error'),
    });
    const blobs = createFilesystemBlobStore(path.resolve(config.dataDir, 'blobs'), keyring.master);
    let closed = false;
    return {
      config,
      logger,
      db,
      keyring,
      blobs,
      jobs,
      projects: createProjects(db, keyring),
      admins: createAdmins(db),
      async close() {
        if (closed) return;
        closed = true;
        await jobs.stop().catch((error) => logger.error({ err: error }, 'stopping the job queue failed'));
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
