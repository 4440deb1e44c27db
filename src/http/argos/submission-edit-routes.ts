import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { DecryptionError } from '../../crypto/argos-cipher.js';
import { isProjectAdmin } from '../../kyc/edits.js';
import { SubmissionError } from '../../kyc/submission-errors.js';
import type { Submissions } from '../../kyc/submissions.js';
import { type EditProblem, parseEdit } from './edit-input.js';
import { actorOf, callerProject, submissionIdOf } from './request-facts.js';
import { BodyParseError, readJsonBody, secureResponse } from './secure-transfer.js';
import { codeError, DECRYPTION_FAILED, patchError, patchErrors, reviewErrors } from './submission-errors.js';

// PATCH (alias PUT) /v3/submission (argos.md §6, family P) and POST /v3/submission/review (§11, family C).

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DATE_NAMES = { birthDate: 'birthDate', issueDate: 'issueDate', expireDate: 'expireDate' } as const;

function patchProblem(problem: EditProblem): string {
  switch (problem.kind) {
    case 'parse':
      return patchErrors.parse;
    case 'empty':
      return patchErrors.nothingToModify;
    case 'date':
      return patchErrors.date(DATE_NAMES[problem.field]);
    default:
      return patchErrors[problem.kind];
  }
}

/** The JSON body (plain or in one of the encrypted forms), or the failure the endpoint reports for it. */
async function jsonBody(request: FastifyRequest, app: App): Promise<unknown | 'decryption' | 'parse'> {
  try {
    return await readJsonBody(request, app.projects);
  } catch (error) {
    if (error instanceof DecryptionError) return 'decryption';
    if (error instanceof BodyParseError) return 'parse';
    throw error;
  }
}

export function submissionEditRoutes(app: App, submissions: Submissions) {
  return async function routes(scope: FastifyInstance): Promise<void> {
    for (const method of ['PATCH', 'PUT'] as const) {
      scope.route({
        method,
        url: '/v3/submission',
        schema: {
          tags: ['submissions'],
          summary: method === 'PATCH' ? 'Edit a submission' : 'Edit a submission (legacy alias of PATCH)',
          security: [{ apiKey: [] }],
          body: Type.Object({
            submissionId: Type.String(),
            admin: Type.String({ format: 'email' }),
            data: Type.Record(Type.String(), Type.Unknown()),
          }),
          response: {
            200: Type.Union([Type.Object({ message: Type.String() }), Type.Object({ data: Type.String() })]),
            400: Type.Object({ errorCode: Type.String() }),
          },
        },
        attachValidation: true,
        handler: async (request) => {
          const body = await jsonBody(request, app);
          if (body === 'decryption') throw patchError(DECRYPTION_FAILED);
          if (body === 'parse' || !isObject(body)) throw patchError(patchErrors.parse);
          const parsed = parseEdit(body.data, { allowStatus: true });
          if (!parsed.ok && parsed.problem.kind === 'parse') throw patchError(patchErrors.parse);
          const { id, conflict } = submissionIdOf({
            submissionId: body.submissionId,
            submission_id: body.submission_id,
          });
          if (!id && !conflict) throw patchError(patchErrors.submissionRequired);
          if (typeof body.admin !== 'string' || body.admin.trim() === '')
            throw patchError(patchErrors.adminRequired);
          const project = callerProject(request);
          if (!isProjectAdmin(project, body.admin)) throw patchError(patchErrors.notAdmin);
          if (conflict || !(await submissions.exists(project.id, id!)))
            throw patchError(patchErrors.notFound);
          if (!parsed.ok) throw patchError(patchProblem(parsed.problem));
          try {
            await submissions.patch({
              project,
              actor: actorOf(request),
              admin: body.admin,
              submissionId: id!,
              status: parsed.status,
              edit: parsed.edit,
            });
            return await secureResponse(request, app.projects, { message: 'Data Processing Success.' });
          } catch (error) {
            if (error instanceof SubmissionError && error.problem.kind === 'unknownSubmission') {
              throw patchError(patchErrors.notFound);
            }
            request.log.error({ err: error }, 'patch failed');
            throw patchError(patchErrors.processing);
          }
        },
      });
    }

    scope.post(
      '/v3/submission/review',
      {
        config: { allowSuspendedProject: true },
        schema: {
          tags: ['submissions'],
          summary: 'Decide a pending submission (client review mode)',
          security: [{ apiKey: [] }],
          body: Type.Object({
            admin: Type.String(),
            submissionId: Type.String(),
            status: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
            rejectComment: Type.Optional(Type.String({ maxLength: 1000 })),
            updateFields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          }),
          response: {
            200: Type.Union([
              Type.Object({
                submissionId: Type.String(),
                message: Type.String(),
                finalStatus: Type.String(),
              }),
              Type.Object({ data: Type.String() }),
            ]),
            400: Type.Object({ errorCode: Type.String(), message: Type.String() }),
          },
        },
        attachValidation: true,
      },
      async (request) => {
        const error = (code: keyof typeof reviewErrors) =>
          codeError(code.startsWith('missing_') ? 'missing_data' : code, reviewErrors[code]);
        const body = await jsonBody(request, app);
        if (body === 'decryption') throw codeError('invalid_payload', DECRYPTION_FAILED);
        if (body === 'parse' || !isObject(body)) throw error('invalid_data');
        const project = callerProject(request);
        if (project.status !== 'active') throw error('invalid_project');
        if (typeof body.admin !== 'string' || body.admin.trim() === '') throw error('missing_admin');
        if (!isProjectAdmin(project, body.admin)) throw error('invalid_admin');
        const { id, conflict } = submissionIdOf({
          submissionId: body.submissionId,
          submission_id: body.submission_id,
        });
        if (!id && !conflict) throw error('missing_submission');
        if (conflict) throw error('invalid_submission');
        try {
          await submissions.reviewable(project, id!);
        } catch (caught) {
          if (!(caught instanceof SubmissionError)) throw caught;
          if (caught.problem.kind === 'notPending') throw error('invalid_state');
          if (caught.problem.kind === 'reviewNotAllowed') throw error('review_not_allowed');
          throw error('invalid_submission');
        }
        if (body.status !== 'approved' && body.status !== 'rejected') throw error('invalid_status');
        const parsed =
          body.updateFields === undefined
            ? ({ ok: true, edit: {}, keys: [] } as const)
            : parseEdit(body.updateFields, { allowStatus: false });
        if (!parsed.ok && parsed.problem.kind !== 'empty') throw error('invalid_data');
        const rejectComment = body.rejectComment;
        if (
          rejectComment !== undefined &&
          (typeof rejectComment !== 'string' || rejectComment.length > 1000)
        ) {
          throw error('invalid_data');
        }
        if (
          body.status === 'rejected' &&
          (typeof rejectComment !== 'string' || rejectComment.trim() === '')
        ) {
          throw error('missing_comment');
        }
        try {
          await submissions.review({
            project,
            actor: actorOf(request),
            admin: body.admin,
            submissionId: id!,
            status: body.status,
            rejectComment,
            edit: parsed.ok ? parsed.edit : {},
          });
        } catch (caught) {
          if (caught instanceof SubmissionError && caught.problem.kind === 'notPending')
            throw error('invalid_state');
          if (caught instanceof SubmissionError && caught.problem.kind === 'concurrentChange')
            throw error('invalid_state');
          throw caught;
        }
        return secureResponse(request, app.projects, {
          submissionId: id!,
          message: 'Success to review submission.',
          finalStatus: body.status,
        });
      },
    );
  };
}
