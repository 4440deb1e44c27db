import type { Command } from 'commander';
import { type Config, loadConfig } from '../config/load.js';
import { type SettingDefinition, type SettingName, settings } from '../config/settings.js';

/** Adds every setting as a flag (`--data-dir <value>`) to a command; flags override the environment. */
export function withConfigOptions(
  command: Command,
  names: readonly SettingName[] = allSettingNames(),
): Command {
  for (const name of names) {
    const definition: SettingDefinition = settings[name];
    const valueName = definition.type === 'boolean' ? '[value]' : '<value>';
    command.option(`${definition.flag} ${valueName}`, `${definition.description} (env ${definition.env})`);
  }
  return command;
}

export function allSettingNames(): SettingName[] {
  return Object.keys(settings) as SettingName[];
}

/** The configuration from the environment and the flags commander parsed. */
export function configFrom(options: Record<string, unknown>): Config {
  const flags: Partial<Record<SettingName, string | boolean>> = {};
  for (const name of allSettingNames()) {
    const value = options[name];
    if (typeof value === 'string' || typeof value === 'boolean') flags[name] = value;
  }
  return loadConfig(process.env, flags);
}

/** The environment table printed by `openkyc --help`. */
export function environmentHelp(): string {
  const rows = Object.values(settings as Record<string, SettingDefinition>).map((definition) => {
    const fallback =
      definition.default === undefined ? '' : ` [default: ${JSON.stringify(definition.default)}]`;
    return `  ${definition.env.padEnd(32)} ${definition.description}${fallback}`;
  });
  return `\nConfiguration (environment variable, or the flag of the same name on serve):\n${rows.join('\n')}\n`;
}

/** The README's configuration table (markdown), generated from the same definitions. */
export function settingsMarkdownTable(): string {
  const rows = Object.values(settings as Record<string, SettingDefinition>).map((definition) => {
    const value = definition.default;
    const fallback =
      value === undefined ? '—' : Array.isArray(value) && value.length === 0 ? '(empty)' : String(value);
    return `| \`${definition.env}\` | \`${definition.flag}\` | ${fallback} | ${definition.description} |`;
  });
  return ['| variable | flag (`openkyc serve`) | default | meaning |', '|---|---|---|---|', ...rows].join(
    '\n',
  );
}
