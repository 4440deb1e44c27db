import { type SettingDefinition, type SettingName, type SettingType, settings } from './settings.js';

type ValueOf<D extends { readonly type: SettingType }> = D['type'] extends 'integer'
  ? number
  : D['type'] extends 'boolean'
    ? boolean
    : D['type'] extends 'list'
      ? string[]
      : string;

/** The resolved configuration: settings with a default are always present. */
export type Config = {
  readonly [K in SettingName]: (typeof settings)[K] extends { default: unknown }
    ? ValueOf<(typeof settings)[K]>
    : ValueOf<(typeof settings)[K]> | undefined;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off', '']);

function parseValue(name: string, definition: SettingDefinition, raw: string): unknown {
  switch (definition.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(raw.trim()))
        throw new ConfigError(`${definition.env} must be an integer, got "${raw}"`);
      const value = Number(raw);
      if (!Number.isSafeInteger(value) || value < 0)
        throw new ConfigError(`${definition.env} is out of range`);
      return value;
    }
    case 'boolean': {
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new ConfigError(`${definition.env} must be true or false, got "${raw}"`);
    }
    case 'list':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
    case 'string':
      if (raw.length === 0) return undefined;
      return raw;
    default:
      throw new ConfigError(`unknown type of setting ${name}`);
  }
}

/**
 * Resolves the configuration from the environment, overridden by command-line flags
 * (keyed by setting name, as commander gives them).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  flags: Partial<Record<SettingName, string | boolean>> = {},
): Config {
  const config: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(settings) as [SettingName, SettingDefinition][]) {
    const flag = flags[name];
    const raw = flag === undefined ? env[definition.env] : String(flag);
    const value = raw === undefined ? undefined : parseValue(name, definition, raw);
    config[name] =
      value ?? (Array.isArray(definition.default) ? [...definition.default] : definition.default);
  }
  const result = config as Config;
  if (result.port > 65_535) throw new ConfigError('PORT must be at most 65535');
  if (result.liveformPort !== undefined && result.liveformPort > 65_535)
    throw new ConfigError('OPENKYC_LIVEFORM_PORT must be at most 65535');
  return Object.freeze(result);
}

/** The base URL links point at when OPENKYC_PUBLIC_URL is not set. */
export function publicBaseUrl(config: Config, listeningPort = config.port): string {
  return (config.publicUrl ?? `http://localhost:${listeningPort}`).replace(/\/+$/, '');
}
