import type { Command } from 'commander';
import type { FirstStart } from '../kyc/bootstrap.js';
import { configFrom, withConfigOptions } from './config-options.js';
import { packageVersion } from './package-version.js';

function announceFirstStart(first: FirstStart, baseUrl: string): void {
  // Written to the terminal, not to the log: these credentials are shown this once and must not be kept.
  const lines = [
    '',
    'openkyc: first start — created the default project.',
    `  project id:      ${first.projectId}`,
    first.apiKey
      ? `  API key:         ${first.apiKey}   (shown once; store it now)`
      : '  API key:         from OPENKYC_API_KEY',
    `  admin e-mail:    ${first.adminEmail}`,
    first.adminPassword
      ? `  admin password:  ${first.adminPassword}   (shown once)`
      : '  admin password:  from OPENKYC_ADMIN_PASSWORD',
    `  API docs:        ${baseUrl}/docs`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function register(program: Command): void {
  withConfigOptions(
    program.command('serve').description('Run the HTTP server (and the background jobs)'),
  ).action(async (options: Record<string, unknown>) => {
    const config = configFrom(options);
    const [
      { openApp },
      { startBackgroundWork },
      { publicBaseUrl },
      { buildLiveformServer, buildServer },
      { bootstrapFirstStart },
      { createLogger },
    ] = await Promise.all([
      import('../app.js'),
      import('../background.js'),
      import('../config/load.js'),
      import('../http/server.js'),
      import('../kyc/bootstrap.js'),
      import('../log/logger.js'),
    ]);
    const logger = createLogger({ level: config.logLevel });
    const app = await openApp(config, logger);
    const first = await bootstrapFirstStart(app.db, app.projects, app.admins, config);
    const server = await buildServer(app, { version: packageVersion() });
    const liveformServer = config.liveformPort === undefined ? undefined : await buildLiveformServer(app);
    const background = await startBackgroundWork(app);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      background.stop();
      await liveformServer?.close();
      await server.close();
      await app.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
    await server.listen({ port: config.port, host: config.host });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    if (liveformServer) {
      await liveformServer.listen({ port: config.liveformPort!, host: config.host });
      const liveformAddress = liveformServer.server.address();
      const liveformPort = typeof liveformAddress === 'object' && liveformAddress ? liveformAddress.port : 0;
      logger.info({ port: liveformPort }, 'Liveform listener is ready');
    }
    if (first) announceFirstStart(first, publicBaseUrl(config, port));
    logger.info({ port }, 'openkyc is ready');
  });
}
