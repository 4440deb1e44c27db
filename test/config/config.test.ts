import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsMarkdownTable } from '../../src/cli/config-options.js';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { settings } from '../../src/config/settings.js';

describe('configuration', () => {
  it('has defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('./data');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.trustedProxies).toEqual([]);
    expect(config.callbackAllowPrivate).toBe(false);
  });

  it('reads the environment and lets flags override it', () => {
    const config = loadConfig(
      { PORT: '9000', OPENKYC_TRUSTED_PROXIES: '10.0.0.1, 10.0.0.0/8', OPENKYC_CALLBACK_ALLOW_PRIVATE: '1' },
      { port: '9100' },
    );
    expect(config.port).toBe(9100);
    expect(config.trustedProxies).toEqual(['10.0.0.1', '10.0.0.0/8']);
    expect(config.callbackAllowPrivate).toBe(true);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ OPENKYC_CALLBACK_ALLOW_PRIVATE: 'maybe' })).toThrow(
      /OPENKYC_CALLBACK_ALLOW_PRIVATE/,
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/65535/);
  });

  it('is documented in the README, every variable', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    for (const definition of Object.values(settings)) expect(readme).toContain(`\`${definition.env}\``);
  });

  it('has the README configuration table generated from the definitions (settingsMarkdownTable)', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(settingsMarkdownTable());
  });
});
