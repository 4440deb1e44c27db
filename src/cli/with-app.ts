import type { App } from '../app.js';
import { configFrom } from './config-options.js';

/** The settings a one-shot command needs to open the storage. */
export const STORAGE_SETTINGS = ['dataDir', 'databaseUrl', 'masterKey', 'logLevel'] as const;

/** Opens the app for one command (no job maintenance, logs to stderr) and closes it afterwards. */
export async function withApp<T>(
  options: Record<string, unknown>,
  work: (app: App) => Promise<T>,
): Promise<T> {
  const config = configFrom(options);
  const [{ openApp }, { createLogger }] = await Promise.all([
    import('../app.js'),
    import('../log/logger.js'),
  ]);
  const app = await openApp(config, createLogger({ level: config.logLevel, destination: 'stderr' }), {
    jobMaintenance: false,
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
