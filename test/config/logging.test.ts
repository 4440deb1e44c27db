import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS, redactUrl, serializers } from '../../src/log/logger.js';

describe('log redaction', () => {
  it('cuts query values out of logged URLs', () => {
    expect(redactUrl('/v3/submission?email=jane%40example.com&userid=u1&email=x')).toBe(
      '/v3/submission?email=…&userid=…',
    );
    expect(redactUrl('/health')).toBe('/health');
  });

  it('never writes keys or personal data fields', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        written += chunk;
        callback();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers }, sink);
    logger.info({
      req: { method: 'GET', url: '/liveform?email=jane@example.com', headers: { 'x-api-key': 'okk_secret' } },
      body: { email: 'jane@example.com', password: 'hunter2hunter2', full_name: 'JANE SAMPLE' },
    });
    expect(written).not.toContain('jane@example.com');
    expect(written).not.toContain('okk_secret');
    expect(written).not.toContain('hunter2');
    expect(written).not.toContain('JANE SAMPLE');
  });
});
