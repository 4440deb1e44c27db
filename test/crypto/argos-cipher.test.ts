import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  decryptPayload,
  encryptPayload,
  payloadKey,
} from '../../src/crypto/argos-cipher.js';

// The test vectors of argos.md §2.2 and §2.3.
const KEY = payloadKey('test-api-key-123');
const PLAIN = {
  allowedCountries: 'USA,KOR',
  selectedIssuingCountry: 'KOR',
  selectedIdType: 'drivers_license',
};
const ECB =
  'OfS4k2KAS4FpMcRytaQv+vUiHEBvRmyaAEeNk6hci17DDQnHy9HHz6tabwEDyn+plGsAr9x3X4bJ6xSxk01O17BY+S32btUg31jyy9iEEsqmLaWshc7hWSeP2ctbACWqf8sk3X7ycq4FHxJDnlBc9A==';
const GCM =
  'AAECAwQFBgcICQoLvGfrAZQr1MyeGiZ8kNiL703/WDsNChDZBJ9DBoU7xKLCnA4UatkBxa9UXzGywWRPrZkbhcMD1KMeRGSQQnzO4dkZiOxsPPu5jaPgEHBZuv+UWZZQCH+31XHcQfXbt4wf+20a0epeDkhPa2QysuZkxw==';

describe('ARGOS payload encryption', () => {
  it('derives K as SHA-256 of the key string', () => {
    expect(KEY.toString('hex')).toBe('a2e4ab0472c808a1ff2ce147ae4f6cd9ecd8bcc8a49c48350f97e6811ace7464');
  });

  it('passes the ECB test vector both ways', () => {
    expect(encryptPayload(PLAIN, KEY, 'AES-256')).toBe(ECB);
    expect(decryptPayload(ECB, KEY, 'AES-256')).toEqual(PLAIN);
  });

  it('passes the GCM test vector both ways', () => {
    expect(encryptPayload(PLAIN, KEY, 'GCM-256', Buffer.from('000102030405060708090a0b', 'hex'))).toBe(GCM);
    expect(decryptPayload(GCM, KEY, 'GCM-256')).toEqual(PLAIN);
  });

  it('accepts URL-safe, unpadded and space-for-plus Base64 (§2.4)', () => {
    const urlSafe = ECB.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(decryptPayload(urlSafe, KEY, 'AES-256')).toEqual(PLAIN);
    expect(decryptPayload(ECB.replace(/\+/g, ' '), KEY, 'AES-256')).toEqual(PLAIN);
  });

  it('rejects a wrong key, a changed GCM byte, garbage and non-objects', () => {
    expect(() => decryptPayload(ECB, payloadKey('other'), 'AES-256')).toThrow(DecryptionError);
    const bytes = Buffer.from(GCM, 'base64');
    bytes[20]! ^= 1;
    expect(() => decryptPayload(bytes.toString('base64'), KEY, 'GCM-256')).toThrow(DecryptionError);
    expect(() => decryptPayload('%%%', KEY, 'AES-256')).toThrow(DecryptionError);
    expect(() => decryptPayload('', KEY, 'AES-256')).toThrow(DecryptionError);
    const array = encryptPayload([1, 2] as unknown as object, KEY, 'AES-256');
    expect(() => decryptPayload(array, KEY, 'AES-256')).toThrow(/not a JSON object/);
  });
});
