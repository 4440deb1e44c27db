import { describe, expect, it } from 'vitest';
import {
  checkCallbackUrl,
  checkDestinationAddress,
  isPublicAddress,
  OutboundError,
} from '../../src/webhooks/outbound-policy.js';
import { nextRetryDelayMs } from '../../src/webhooks/retry-schedule.js';
import { signatureOf, verifySignature } from '../../src/webhooks/signing.js';

describe('outbound safety', () => {
  it('treats only public unicast addresses as public', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(isPublicAddress(ip)).toBe(true);
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '::1',
      '::',
      'fc00::1',
      'fd00:ec2::254',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '2001:db8::1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });

  it('refuses private destinations unless allowed or allowlisted', () => {
    const closed = { allowPrivate: false, allowlist: [] };
    expect(() => checkDestinationAddress(closed, 'example.com', '10.0.0.5')).toThrow(OutboundError);
    expect(() => checkDestinationAddress(closed, 'example.com', '93.184.216.34')).not.toThrow();
    expect(() =>
      checkDestinationAddress({ allowPrivate: true, allowlist: [] }, 'x', '127.0.0.1'),
    ).not.toThrow();
    const listed = { allowPrivate: false, allowlist: ['hooks.internal', '10.9.0.0/16', '192.168.5.5'] };
    expect(() => checkDestinationAddress(listed, 'hooks.internal', '10.1.1.1')).not.toThrow();
    expect(() => checkDestinationAddress(listed, 'other.internal', '10.9.3.4')).not.toThrow();
    expect(() => checkDestinationAddress(listed, 'other.internal', '192.168.5.5')).not.toThrow();
    expect(() => checkDestinationAddress(listed, 'other.internal', '10.8.3.4')).toThrow(OutboundError);
  });

  it('accepts only absolute http(s) URLs without credentials', () => {
    expect(checkCallbackUrl('https://client.example/callback').hostname).toBe('client.example');
    for (const bad of [
      'ftp://x.example/',
      'file:///etc/passwd',
      '/relative',
      'javascript:alert(1)',
      'https://u:p@x.example/',
    ]) {
      expect(() => checkCallbackUrl(bad), bad).toThrow(OutboundError);
    }
    expect(() => checkCallbackUrl('http://x.example/', { requireHttps: true })).toThrow(/https/);
  });
});

describe('retry schedule (argos.md §15.6)', () => {
  it('follows 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, 24 h, then gives up', () => {
    const nominal = [1, 2, 3, 4, 5, 6, 7].map((attempt) => nextRetryDelayMs(attempt, 30_000, 0.5));
    expect(nominal).toEqual([30_000, 120_000, 600_000, 3_600_000, 21_600_000, 43_200_000, 86_400_000]);
    expect(nextRetryDelayMs(8, 30_000)).toBeUndefined();
    const total = nominal.reduce((sum, delay) => sum! + delay!, 0)!;
    expect(total).toBeGreaterThan(24 * 3_600_000);
  });

  it('jitters by ±10 % and scales with the base', () => {
    expect(nextRetryDelayMs(1, 30_000, 0)).toBe(27_000);
    expect(nextRetryDelayMs(1, 30_000, 0.999_999)).toBe(33_000);
    expect(nextRetryDelayMs(2, 100, 0.5)).toBe(400);
  });
});

describe('signatures', () => {
  it('verify over timestamp and raw body, and reject changes and stale timestamps', () => {
    const now = 1_763_000_000;
    const body = '{"webhook_trigger":"approved"}';
    const signature = signatureOf('whsec_test', now, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    const header = { signature, timestamp: String(now) };
    expect(verifySignature('whsec_test', header, body, { now })).toBe(true);
    expect(verifySignature('whsec_test', header, `${body} `, { now })).toBe(false);
    expect(verifySignature('whsec_other', header, body, { now })).toBe(false);
    expect(verifySignature('whsec_test', header, body, { now: now + 301 })).toBe(false);
  });
});
