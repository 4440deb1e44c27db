import type { Command } from 'commander';

/** One entry per sub-command module; each adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
