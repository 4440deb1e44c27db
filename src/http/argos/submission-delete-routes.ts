import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { DecryptionError } from '../../crypto/argos-cipher.js';
import { isProjectAdmin } from '../../kyc/edits.js';
import {
  PARTIAL_DATA_FIELDS,
  PARTIAL_FIELDS,
  type PartialDataField,
  type PartialField,
} from '../../kyc/erasure.js';
import { SubmissionError } from '../../kyc/submission-errors.js';
import type { Submissions } from '../../kyc/submissions.js';
import { actorOf, callerProject, submissionIdOf } from './request-facts.js';
import { readQuery, secureResponse } from './secure-transfer.js';
import { DECRYPTION_FAILED, deleteError, deleteErrors } from './submission-errors.js';
import { assertDecodableQuery } from './submission-read-routes.js';

// DELETE /v3/submission (argos.md §7, GDPR erasure) and DELETE /v3/submission/partial (§8), family D.

type Query = Record<string, string | string[]>;

async function queryOf(request: FastifyRequest, app: App): Promise<Query> {
  assertDecodableQuery(request);
  try {
    return await readQuery(request, app.projects);
  } catch (error) {
    if (error instanceof DecryptionError) throw deleteError(DECRYPTION_FAILED);
    throw error;
  }
}

const text = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value.at(-1) : value;

const DELETE_QUERY = Type.Object({
  submission_id: Type.Optional(Type.String()),
  submissionId: Type.Optional(Type.String()),
  admin_name: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  data: Type.Optional(Type.String()),
});

/** Splits a comma-separated list (argos.md §8): items trimmed; the problem, if any, in the order of §8. */
function splitList(
  name: 'fields' | 'data_fields',
  value: string,
  allowed: readonly string[],
): { items: string[] } | { error: string } {
  const items = value.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) return { error: `${name} cannot be empty` };
  const emptyAt = items.indexOf('');
  if (emptyAt >= 0) return { error: `invalid format for ${name}: empty item at position ${emptyAt + 1}` };
  const unknown = items.filter((item) => !allowed.includes(item));
  if (unknown.length > 0) return { error: `invalid fields found in ${name}: ${unknown.join(', ')}` };
  return { items: [...new Set(items)] };
}

export function submissionDeleteRoutes(app: App, submissions: Submissions) {
  return async function routes(scope: FastifyInstance): Promise<void> {
    scope.delete(
      '/v3/submission',
      {
        config: { allowSuspendedProject: true },
        schema: {
          tags: ['submissions'],
          summary: 'Erase a submission (GDPR): personal data and images go, a skeleton stays',
          security: [{ apiKey: [] }],
          querystring: DELETE_QUERY,
        },
        attachValidation: true,
      },
      async (request) => {
        const query = await queryOf(request, app);
        const { id, conflict } = submissionIdOf({
          submissionId: text(query.submissionId),
          submission_id: text(query.submission_id),
        });
        if (!id && !conflict) throw deleteError(deleteErrors.missingId);
        const project = callerProject(request);
        if (project.status !== 'active') throw deleteError(deleteErrors.noProject);
        const admin = text(query.admin_name);
        if (admin !== undefined && !isProjectAdmin(project, admin))
          throw deleteError(deleteErrors.invalidAdmin);
        if (conflict) throw deleteError(deleteErrors.notFound);
        let outcome: string;
        try {
          outcome = await submissions.erase({
            project,
            actor: actorOf(request),
            submissionId: id!,
            admin,
            comment: text(query.comment),
          });
        } catch (error) {
          if (error instanceof SubmissionError && error.problem.kind === 'unknownSubmission') {
            throw deleteError(deleteErrors.notFound);
          }
          request.log.error({ err: error }, 'submission erasure failed');
          throw deleteError(deleteErrors.failed);
        }
        if (outcome === 'blobsPending') throw deleteError(deleteErrors.failed);
        return secureResponse(request, app.projects, {
          message: 'success',
          content: `Submission ${id} deleted successfully.`,
          statusCode: 200,
        });
      },
    );

    scope.delete(
      '/v3/submission/partial',
      {
        schema: {
          tags: ['submissions'],
          summary: 'Erase named parts of a submission',
          security: [{ apiKey: [] }],
          querystring: Type.Object({
            submission_id: Type.Optional(Type.String()),
            submissionId: Type.Optional(Type.String()),
            fields: Type.Optional(Type.String()),
            data_fields: Type.Optional(Type.String()),
            admin_name: Type.Optional(Type.String()),
            data: Type.Optional(Type.String()),
          }),
        },
        attachValidation: true,
      },
      async (request) => {
        const query = await queryOf(request, app);
        const { id, conflict } = submissionIdOf({
          submissionId: text(query.submissionId),
          submission_id: text(query.submission_id),
        });
        if (!id && !conflict) throw deleteError('submission_id is required');
        const fieldsValue = query.fields;
        if (fieldsValue === undefined || fieldsValue === '') {
          throw deleteError('fields parameter is required and cannot be empty');
        }
        if (Array.isArray(fieldsValue)) throw deleteError('fields must be a string');
        const dataFieldsValue = query.data_fields;
        if (Array.isArray(dataFieldsValue)) throw deleteError('data_fields must be a string');
        const fields = splitList('fields', fieldsValue, PARTIAL_FIELDS);
        if ('error' in fields && fields.error === 'fields cannot be empty') throw deleteError(fields.error);
        const dataFields =
          dataFieldsValue === undefined || dataFieldsValue.trim() === ''
            ? { items: [] as string[] }
            : splitList('data_fields', dataFieldsValue, PARTIAL_DATA_FIELDS);
        const formatError = (list: typeof fields) =>
          'error' in list && list.error.startsWith('invalid format') ? list.error : undefined;
        const format = formatError(fields) ?? formatError(dataFields);
        if (format) throw deleteError(format);
        if ('error' in fields) throw deleteError(fields.error);
        if (dataFieldsValue !== undefined && !fields.items.includes('data')) {
          throw deleteError('data_fields parameter is not allowed when fields does not include data');
        }
        if ('error' in dataFields) throw deleteError(dataFields.error);
        if (conflict) throw deleteError(deleteErrors.notFound);
        const project = callerProject(request);
        const admin = text(query.admin_name);
        let erasedData: string[];
        try {
          erasedData = await submissions.erasePartially({
            project,
            actor: actorOf(request),
            submissionId: id!,
            fields: fields.items as PartialField[],
            dataFields: dataFields.items as PartialDataField[],
            admin,
          });
        } catch (error) {
          if (error instanceof SubmissionError && error.problem.kind === 'unknownSubmission') {
            throw deleteError(deleteErrors.notFound);
          }
          request.log.error({ err: error }, 'partial erasure failed');
          throw deleteError(deleteErrors.failed);
        }
        return secureResponse(request, app.projects, {
          message: 'success',
          content: `Submission ${id} partially deleted.`,
          deleted: { fields: fields.items, data_fields: erasedData },
          statusCode: 200,
        });
      },
    );
  };
}
