import type { FastifyInstance } from 'fastify';
import { type App, openApp } from '../../src/app.js';
import { startBackgroundWork } from '../../src/background.js';
import { type Config, loadConfig } from '../../src/config/load.js';
import { buildServer } from '../../src/http/server.js';
import { bootstrapFirstStart } from '../../src/kyc/bootstrap.js';
import { createLogger } from '../../src/log/logger.js';
import { createTestStorage, type TestStorage } from './database.js';

export const TEST_API_KEY = 'okk_TestKey0000000000000000000000000000000001';
export const TEST_PROJECT_ID = 'testproject01';
export const TEST_ADMIN = 'admin@example.test';

export interface TestServer {
  readonly app: App;
  readonly server: FastifyInstance;
  readonly baseUrl: string;
  readonly storage: TestStorage;
  close(): Promise<void>;
}

/** A real server on a loopback port with its own fresh storage, bootstrapped with known credentials. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const storage = await createTestStorage();
  const config: Config = loadConfig({
    OPENKYC_DATA_DIR: storage.dataDir,
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
    OPENKYC_PROJECT_ID: TEST_PROJECT_ID,
    OPENKYC_API_KEY: TEST_API_KEY,
    OPENKYC_ADMIN_EMAIL: TEST_ADMIN,
    OPENKYC_ADMIN_PASSWORD: 'correct horse battery staple',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
  const app = await openApp(config, createLogger({ level: config.logLevel, destination: 'stderr' }));
  await bootstrapFirstStart(app.db, app.projects, app.admins, config);
  const server = await buildServer(app, { version: 'test' });
  const background = await startBackgroundWork(app);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    storage,
    async close() {
      background.stop();
      await server.close();
      await app.close();
      await storage.cleanup();
    },
  };
}
