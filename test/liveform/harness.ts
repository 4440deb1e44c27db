import type { FastifyInstance } from 'fastify';
import { type App, openApp } from '../../src/app.js';
import { startBackgroundWork } from '../../src/background.js';
import { type Config, loadConfig } from '../../src/config/load.js';
import type { ChallengePrompt } from '../../src/engine/face/types.js';
import { buildLiveformServer, buildServer } from '../../src/http/server.js';
import { bootstrapFirstStart } from '../../src/kyc/bootstrap.js';
import type { Clock } from '../../src/kyc/liveform-clock.js';
import { createLogger } from '../../src/log/logger.js';
import { TEST_ADMIN, TEST_API_KEY, TEST_PROJECT_ID } from '../support/app.js';
import { createTestStorage, type TestStorage } from '../support/database.js';

export { TEST_API_KEY, TEST_PROJECT_ID };

/** A clock the test moves by hand: real time plus an offset, so that everything else still ticks. */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface LiveformServer {
  readonly app: App;
  readonly server: FastifyInstance;
  readonly baseUrl: string;
  readonly clock: TestClock;
  /** The dedicated Liveform listener (OPENKYC_LIVEFORM_PORT), when asked for. */
  readonly liveformUrl?: string;
  prompt: ChallengePrompt;
  close(): Promise<void>;
}

/**
 * startTestServer (test/support/app.ts) with the Liveform's clock and liveness prompt in the test's hands:
 * a real server on loopback with fresh storage and the bootstrapped test project.
 */
export async function startLiveformServer(
  env: Record<string, string> = {},
  options: { dedicatedListener?: boolean } = {},
): Promise<LiveformServer> {
  const storage: TestStorage = await createTestStorage();
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
  const clock = new TestClock();
  const handle = { prompt: 'turn_left' as ChallengePrompt };
  const server = await buildServer(app, {
    version: 'test',
    liveform: { clock, pickPrompt: () => handle.prompt },
  });
  const background = await startBackgroundWork(app);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const dedicated = options.dedicatedListener
    ? await buildLiveformServer(app, { liveform: { clock, pickPrompt: () => handle.prompt } })
    : undefined;
  if (dedicated) await dedicated.listen({ port: 0, host: '127.0.0.1' });
  const dedicatedAddress = dedicated?.server.address();
  return {
    app,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    ...(typeof dedicatedAddress === 'object' && dedicatedAddress
      ? { liveformUrl: `http://127.0.0.1:${dedicatedAddress.port}` }
      : {}),
    clock,
    get prompt() {
      return handle.prompt;
    },
    set prompt(value: ChallengePrompt) {
      handle.prompt = value;
    },
    async close() {
      background.stop();
      await dedicated?.close();
      await server.close();
      await app.close();
      await storage.cleanup();
    },
  };
}

/** GET a Liveform URL without following redirects: where it sends the browser. */
export async function locationOf(baseUrl: string, pathAndQuery: string): Promise<string> {
  const response = await fetch(`${baseUrl}${pathAndQuery}`, { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`expected a redirect, got ${response.status}`);
  return response.headers.get('location') ?? '';
}
