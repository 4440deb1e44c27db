#!/usr/bin/env node
// The `openkyc` command. Each sub-command lives in src/cli/<name>.ts and registers itself here;
// logs go to stderr so that stdout stays machine-readable (JSON lines).
import { Command } from 'commander';
import { commands } from './cli/commands.js';
import { environmentHelp } from './cli/config-options.js';
import { packageVersion } from './cli/package-version.js';

const program = new Command()
  .name('openkyc')
  .description('Self-hosted identity verification server and document/face engine')
  .version(packageVersion())
  .showHelpAfterError()
  .addHelpText('after', environmentHelp());

for (const register of commands) register(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`openkyc: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
