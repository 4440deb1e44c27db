import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config/load.js';
import { publicBaseUrl } from '../../config/load.js';
import type { Project } from '../../kyc/projects.js';
import '../request-context.js';

// Facts every submission route needs from a request: the calling project, who acts (for the audit trail), the
// applicant's or caller's IP, and the base URL image links point at.

export function callerProject(request: FastifyRequest): Project {
  return request.caller!.project;
}

export function actorOf(request: FastifyRequest): string {
  return `api-key:${request.caller!.apiKeyId}`;
}

/** OPENKYC_PUBLIC_URL when set; otherwise the scheme and host the client used. */
export function baseUrlOf(request: FastifyRequest, config: Config): string {
  if (config.publicUrl) return publicBaseUrl(config);
  return `${request.protocol}://${request.host}`;
}

/**
 * The submission id of a request, from either spelling (argos.md §1.8). Both present and different is
 * `conflict`; repeated parameters too.
 */
export function submissionIdOf(values: { submissionId?: unknown; submission_id?: unknown }): {
  id?: string;
  conflict: boolean;
} {
  const read = (value: unknown): string | undefined | false => {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return false;
    const text = String(value).trim();
    return text === '' ? undefined : text;
  };
  const a = read(values.submissionId);
  const b = read(values.submission_id);
  if (a === false || b === false) return { conflict: true };
  if (a !== undefined && b !== undefined && a !== b) return { conflict: true };
  const id = a ?? b;
  return id === undefined ? { conflict: false } : { id, conflict: false };
}
