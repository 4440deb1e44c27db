import type { Readable } from 'node:stream';
import type { FastifyError, FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { deriveKey } from '../../crypto/master-key.js';
import { activeLists, ListFormatError, loadList, removeList } from '../../kyc/aml/aml-lists.js';
import { appendAudit } from '../../store/audit-store.js';
import { adminAuthHook } from './admin-session.js';

// The operator's AML lists over the admin API (the same as `openkyc aml`), for a running server: the embedded
// database is held by the server process, so the CLI cannot load a list while it runs.

const ProblemBody = Type.Object({ error: Type.String(), message: Type.String() });
const ListView = Type.Object({
  name: Type.String(),
  format: Type.String(),
  entries: Type.Integer(),
  names: Type.Integer(),
  skipped: Type.Integer(),
  sha256: Type.String(),
  loadedAt: Type.String({ format: 'date-time' }),
  loadedBy: Type.String(),
});
const NameParams = Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }) });

export function amlAdminRoutes(app: App) {
  const sessionKey = deriveKey(app.keyring.master, 'admin-session');
  return async function amlAdmin(scope: FastifyInstance): Promise<void> {
    scope.addHook('onRequest', adminAuthHook(sessionKey));
    // The list is streamed into the database as it arrives: no body limit of the JSON parser applies, the
    // loader has its own (MAX_LIST_BYTES).
    scope.addContentTypeParser(['text/csv', 'application/octet-stream'], (_request, payload, done) =>
      done(null, payload),
    );
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof ListFormatError)
        return reply.code(400).send({ error: 'invalid_list', message: error.message });
      const status = (error as { statusCode?: number }).statusCode;
      if ((error as { validation?: unknown }).validation || (status && status < 500))
        return reply.code(status ?? 400).send({ error: 'invalid_request', message: error.message });
      request.log.error({ err: error }, 'AML list request failed');
      return reply.code(500).send({ error: 'internal', message: 'Internal error.' });
    });
    const security = [{ adminSession: [] }];
    const actorOf = (request: { admin?: { email: string } }) => `admin:${request.admin?.email ?? 'unknown'}`;

    scope.get(
      '/admin/api/aml/lists',
      {
        schema: {
          tags: ['admin'],
          summary: 'The loaded sanctions/PEP lists',
          security,
          response: { 200: Type.Array(ListView) },
        },
      },
      async () => activeLists(app.db),
    );

    scope.put(
      '/admin/api/aml/lists/:name',
      {
        schema: {
          tags: ['admin'],
          summary: 'Load (or replace) a list: the body is an OpenSanctions targets.simple.csv (text/csv)',
          security,
          params: NameParams,
          querystring: Type.Object({
            kind: Type.Optional(Type.Union([Type.Literal('pep'), Type.Literal('watchlist')])),
          }),
          response: { 200: ListView, 400: ProblemBody, 415: ProblemBody },
        },
      },
      async (request, reply) => {
        const { name } = request.params as { name: string };
        const { kind } = request.query as { kind?: 'pep' | 'watchlist' };
        const source = request.body as Readable | undefined;
        if (!source || typeof (source as { pipe?: unknown }).pipe !== 'function')
          return reply
            .code(415)
            .send({ error: 'unsupported_media_type', message: 'Send the list as text/csv.' });
        const summary = await loadList(app.db, {
          name,
          source,
          ...(kind ? { kind } : {}),
          loadedBy: actorOf(request),
        });
        await appendAudit(app.db, {
          actor: actorOf(request),
          action: 'aml.list.load',
          subjectType: 'aml_list',
          subjectId: name,
          details: { entries: summary.entries, sha256: summary.sha256 },
        });
        return summary;
      },
    );

    scope.delete(
      '/admin/api/aml/lists/:name',
      {
        schema: {
          tags: ['admin'],
          summary: 'Remove a list',
          security,
          params: NameParams,
          response: { 200: Type.Object({ removed: Type.String() }), 404: ProblemBody },
        },
      },
      async (request, reply) => {
        const { name } = request.params as { name: string };
        if (!(await removeList(app.db, name)))
          return reply.code(404).send({ error: 'not_found', message: `No list ${name}.` });
        await appendAudit(app.db, {
          actor: actorOf(request),
          action: 'aml.list.remove',
          subjectType: 'aml_list',
          subjectId: name,
        });
        return { removed: name };
      },
    );
  };
}
