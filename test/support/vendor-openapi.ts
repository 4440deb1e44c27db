import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { sharedData, sharedDataRequired } from './shared-data.js';

/** The vendor's Recognition API documentation page, with its OpenAPI document (../shared/seeds). */
export const recognitionSeed = path.resolve(sharedData, '../seeds/001_10381ae7bbb08c78.txt');

/** Whether the vendor OpenAPI can be read. A missing ../shared skips (with a message) unless required. */
export function vendorOpenApiAvailable(): boolean {
  const present = existsSync(recognitionSeed);
  if (!present && sharedDataRequired()) throw new Error(`${recognitionSeed} is missing on CI`);
  if (!present) process.stderr.write(`skipping vendor-schema checks: ${recognitionSeed} is not present\n`);
  return present;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
  >;
}

/** Validators of the vendor's POST /recognition response schemas, by status. */
export function recognitionResponseValidators(): { ok: ValidateFunction; error: ValidateFunction } {
  const text = readFileSync(recognitionSeed, 'utf8');
  const start = text.indexOf('openapi: 3.1.0');
  if (start < 0) throw new Error('no OpenAPI document in the recognition seed');
  const end = text.indexOf('\n```', start);
  const document = parse(text.slice(start, end < 0 ? undefined : end)) as OpenApiDocument;
  const responses = document.paths['/recognition']!.post!.responses;
  // OpenAPI's `example` keywords are documentation, not validation.
  const ajv = new Ajv({ strict: false, allErrors: true });
  return {
    ok: ajv.compile(responses['200']!.content['application/json']!.schema),
    error: ajv.compile(responses['400']!.content['application/json']!.schema),
  };
}
