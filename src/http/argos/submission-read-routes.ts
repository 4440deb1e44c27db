import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { DecryptionError } from '../../crypto/argos-cipher.js';
import { isCalendarDate } from '../../kyc/dates.js';
import type { Submissions } from '../../kyc/submissions.js';
import { GatewayHttpError } from '../gateway-errors.js';
import { VendorHttpError } from '../vendor-error.js';
import { actorOf, baseUrlOf, callerProject, submissionIdOf } from './request-facts.js';
import { readQuery, secureResponse } from './secure-transfer.js';
import { codeError, DECRYPTION_FAILED, imageReadErrors } from './submission-errors.js';
import { KIND_OF_IMAGE_TYPE, type RequestType, submissionItem } from './submission-views.js';
import { compactTimestamp, parseCompactTimestamp } from './wire-format.js';

// GET /v3/submission (argos.md §5) and GET /v3/image (§9).

const REQUEST_TYPES = new Set(['kyc', 'aml', 'data', 'others']);

/** A query string whose percent-encoding does not decode is refused before anything reads it (§1.3). */
export function assertDecodableQuery(request: FastifyRequest): void {
  const raw = request.raw.url ?? '';
  const at = raw.indexOf('?');
  if (at < 0) return;
  for (const part of raw.slice(at + 1).split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw new GatewayHttpError('badQuery');
    }
  }
}

/** YYYY-MM-DD, or the legacy YYYYMMDD: a UTC day. */
function parseDay(text: string): string | undefined {
  const day = /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : text;
  return isCalendarDate(day) ? day : undefined;
}

type Query = Record<string, string | string[]>;

function one(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new GatewayHttpError('badQuery');
  return value;
}

async function queryOf(request: FastifyRequest, app: App): Promise<Query> {
  assertDecodableQuery(request);
  try {
    return await readQuery(request, app.projects);
  } catch (error) {
    if (error instanceof DecryptionError) throw new VendorHttpError(400, { message: DECRYPTION_FAILED });
    throw error;
  }
}

const QUERY_SCHEMA = Type.Object({
  submission_id: Type.Optional(Type.String()),
  submissionId: Type.Optional(Type.String()),
  userid: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  start_date: Type.Optional(Type.String()),
  end_date: Type.Optional(Type.String()),
  count: Type.Optional(Type.String()),
  nextpage_id: Type.Optional(Type.String()),
  nextpage_date: Type.Optional(Type.String()),
  request_type: Type.Optional(Type.String()),
  data: Type.Optional(Type.String({ description: 'enc(JSON of the query parameters), argos.md §2.5' })),
});

export function submissionReadRoutes(app: App, submissions: Submissions) {
  return async function routes(scope: FastifyInstance): Promise<void> {
    scope.get(
      '/v3/submission',
      {
        schema: {
          tags: ['submissions'],
          summary: 'Read one submission, or list them with filters and paging',
          security: [{ apiKey: [] }],
          querystring: QUERY_SCHEMA,
        },
        attachValidation: true,
      },
      async (request) => {
        const query = await queryOf(request, app);
        const project = callerProject(request);
        const actor = actorOf(request);
        const baseUrl = baseUrlOf(request, app.config);
        const now = new Date();
        const requestType = one(query, 'request_type');
        if (requestType !== undefined && !REQUEST_TYPES.has(requestType))
          throw new GatewayHttpError('badQuery');
        const itemOptions = { baseUrl, now, requestType: requestType as RequestType | undefined };
        const ids = submissionIdOf({ submissionId: query.submissionId, submission_id: query.submission_id });
        if (ids.conflict) throw new GatewayHttpError('badQuery');
        if (ids.id !== undefined) {
          const submission = await submissions.read(project.id, actor, ids.id, 'single');
          return secureResponse(request, app.projects, {
            Items: submission ? [submissionItem(submission, { ...itemOptions, single: true })] : [],
          });
        }
        const countText = one(query, 'count');
        const count =
          countText === undefined ? 50 : /^\d{1,4}$/.test(countText) ? Number(countText) : Number.NaN;
        if (!Number.isInteger(count) || count < 1 || count > 2000) throw new GatewayHttpError('badQuery');
        const startText = one(query, 'start_date');
        const endText = one(query, 'end_date');
        const start = startText === undefined ? undefined : parseDay(startText);
        const end = endText === undefined ? undefined : parseDay(endText);
        if ((startText !== undefined && !start) || (endText !== undefined && !end))
          throw new GatewayHttpError('badQuery');
        const nextId = one(query, 'nextpage_id');
        const nextDate = one(query, 'nextpage_date');
        if ((nextId === undefined) !== (nextDate === undefined)) throw new GatewayHttpError('badQuery');
        const after = nextDate === undefined ? undefined : parseCompactTimestamp(nextDate);
        if (nextDate !== undefined && (!after || !/^[0-9a-z]{1,64}$/.test(nextId!)))
          throw new GatewayHttpError('badQuery');
        const email = one(query, 'email');
        const userid = one(query, 'userid');
        const page = await submissions.list(
          project.id,
          actor,
          {
            ...(email ? { email } : {}),
            ...(userid ? { userid } : {}),
            ...(start ? { from: new Date(`${start}T00:00:00.000Z`) } : {}),
            ...(end ? { until: new Date(`${end}T23:59:59.999Z`) } : {}),
            ...(after ? { after: { createdAt: after, id: nextId! } } : {}),
            count,
          },
          'list',
        );
        return secureResponse(request, app.projects, {
          Items: page.items.map((item) => submissionItem(item, { ...itemOptions, single: false })),
          ...(page.next
            ? { nextpageKey: { id: page.next.id, created_at: compactTimestamp(page.next.createdAt) } }
            : {}),
        });
      },
    );

    scope.get(
      '/v3/image',
      {
        schema: {
          tags: ['submissions'],
          summary: 'One image of a submission, as stored',
          security: [{ apiKey: [] }],
          querystring: Type.Object({
            submission_id: Type.Optional(Type.String()),
            submissionId: Type.Optional(Type.String()),
            type: Type.Optional(Type.String()),
          }),
        },
        attachValidation: true,
      },
      async (request, reply) => {
        assertDecodableQuery(request);
        const query = request.query as Query;
        const ids = submissionIdOf({ submissionId: query.submissionId, submission_id: query.submission_id });
        const type = query.type;
        if ((!ids.id && !ids.conflict) || type === undefined || type === '') {
          throw codeError('missing_data', imageReadErrors.missing_data);
        }
        const kind = typeof type === 'string' ? KIND_OF_IMAGE_TYPE[type] : undefined;
        if (!kind) throw codeError('invalid_type', imageReadErrors.invalid_type);
        if (ids.conflict) throw codeError('invalid_submission', imageReadErrors.invalid_submission);
        const project = callerProject(request);
        const image = await submissions.readImage(project.id, actorOf(request), ids.id!, kind);
        if (!image.found) {
          throw image.why === 'submission'
            ? codeError('invalid_submission', imageReadErrors.invalid_submission)
            : codeError('image_not_found', imageReadErrors.image_not_found, 404);
        }
        return reply
          .header('content-type', image.contentType)
          .header('cache-control', 'no-store')
          .send(image.bytes);
      },
    );
  };
}
