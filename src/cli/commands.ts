import type { Command } from 'commander';
import { register as aml } from './aml.js';
import { register as documentFixtures } from './document-fixtures.js';
import { register as evalCommand } from './eval.js';
import { register as faceCompare } from './face-compare.js';
import { register as fixtures } from './fixtures.js';
import { register as keys } from './keys.js';
import { register as migrate } from './migrate.js';
import { register as read } from './read.js';
import { register as serve } from './serve.js';

/**
 * One entry per sub-command module; each adds itself to the program. A module imports the code its action
 * runs inside the action: every start of the CLI registers all of them, and loading the server, the
 * database and the job queue up front cost ~0.9 s of CPU before `openkyc read` could begin.
 */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  serve,
  migrate,
  keys,
  faceCompare,
  read,
  evalCommand,
  fixtures,
  documentFixtures,
  aml,
];
