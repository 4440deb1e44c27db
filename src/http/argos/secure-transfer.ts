import type { FastifyRequest } from 'fastify';
import {
  DecryptionError,
  decryptPayload,
  encryptPayload,
  type PayloadAlgorithm,
  payloadKey,
} from '../../crypto/argos-cipher.js';
import type { Projects } from '../../kyc/projects.js';
import '../request-context.js';

// Secure Data Transfer (argos.md §2.5): encrypted requests are always accepted, plain ones too; responses
// are wrapped as {"data": enc(body)} when the project's secureTransfer flag is on. Error bodies never are.

export interface PayloadCipher {
  readonly key: Buffer;
  readonly algorithm: PayloadAlgorithm;
}

export class BodyParseError extends Error {
  override name = 'BodyParseError';
}

/** K and algorithm of the calling project: from the presented API key, or the project's secretKey. */
export async function callerCipher(request: FastifyRequest, projects: Projects): Promise<PayloadCipher> {
  const caller = request.caller!;
  const { encryption } = caller.project.settings;
  if (encryption.keySource === 'secretKey') {
    const { secretKey } = await projects.secrets(caller.project.id);
    if (!secretKey) throw new DecryptionError('the project has no secretKey');
    return { key: payloadKey(secretKey), algorithm: encryption.algorithm };
  }
  const header = request.headers['x-api-key'];
  return {
    key: payloadKey(String(Array.isArray(header) ? header[0] : header)),
    algorithm: encryption.algorithm,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyParseError('the body is not JSON');
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The request body as a plain JSON value, decrypted when it came in one of the three encrypted forms:
 * {"isEncrypted":true,"body":"<enc>"}, {"data":"<enc>"} alone, or a raw Base64 token with any content type.
 */
export async function readJsonBody(request: FastifyRequest, projects: Projects): Promise<unknown> {
  const raw = request.body;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : undefined;
  if (text === undefined || text.trim().length === 0) throw new BodyParseError('the body is empty');
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[') && /^[A-Za-z0-9+/_\-= ]+$/.test(trimmed)) {
    const cipher = await callerCipher(request, projects);
    return decryptPayload(trimmed, cipher.key, cipher.algorithm);
  }
  const parsed = parseJson(trimmed);
  if (isPlainObject(parsed)) {
    const keys = Object.keys(parsed);
    const encrypted =
      parsed.isEncrypted === true && typeof parsed.body === 'string'
        ? parsed.body
        : keys.length === 1 && typeof parsed.data === 'string'
          ? parsed.data
          : undefined;
    if (encrypted !== undefined) {
      const cipher = await callerCipher(request, projects);
      return decryptPayload(encrypted, cipher.key, cipher.algorithm);
    }
  }
  return parsed;
}

/** Query parameters, taken from `data=<enc(JSON)>` when that form is used (values become strings). */
export async function readQuery(
  request: FastifyRequest,
  projects: Projects,
): Promise<Record<string, string | string[]>> {
  const query = request.query as Record<string, string | string[]>;
  const data = query.data;
  if (data === undefined) return query;
  if (typeof data !== 'string') throw new DecryptionError('data must be given once');
  const cipher = await callerCipher(request, projects);
  const decrypted = decryptPayload(data, cipher.key, cipher.algorithm);
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(decrypted)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      result[name] = String(value);
  }
  return result;
}

/** The success body, encrypted when the project asks for it. */
export async function secureResponse<Body extends object>(
  request: FastifyRequest,
  projects: Projects,
  body: Body,
): Promise<Body | { data: string }> {
  if (!request.caller?.project.settings.secureTransfer) return body;
  const cipher = await callerCipher(request, projects);
  return { data: encryptPayload(body, cipher.key, cipher.algorithm) };
}
