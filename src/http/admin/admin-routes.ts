import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { deriveKey } from '../../crypto/master-key.js';
import { ProjectSettingsError } from '../../kyc/project-settings.js';
import { ProjectError } from '../../kyc/projects.js';
import { mergeSettings } from '../../kyc/settings-patch.js';
import { appendAudit } from '../../store/audit-store.js';
import { createDeliveries, DeliveryError } from '../../webhooks/deliveries.js';
import { checkCallbackUrl, OutboundError } from '../../webhooks/outbound-policy.js';
import { AllowlistError, parseAllowlist } from '../ip-allowlist.js';
import { adminAuthHook, issueSessionToken, SESSION_LIFETIME_SECONDS } from './admin-session.js';

const ProblemBody = Type.Object({ error: Type.String(), message: Type.String() });
const ProjectParams = Type.Object({ projectId: Type.String() });
const ProjectView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  settings: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
});
const KeyView = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  hint: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  key: Type.Optional(Type.String({ description: 'the key itself, only in the response that created it' })),
});
const DeliveryView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  event: Type.String(),
  url: Type.String(),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  attempts: Type.Integer(),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastLatencyMs: Type.Union([Type.Integer(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  sequence: Type.Integer(),
  payloadErased: Type.Boolean(),
});

function problem(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

/** Problems of the caller's input become 400 with a message; anything else is a real failure. */
function asProblem(reply: FastifyReply, error: unknown) {
  if (
    error instanceof ProjectError ||
    error instanceof ProjectSettingsError ||
    error instanceof DeliveryError ||
    error instanceof OutboundError ||
    error instanceof AllowlistError
  ) {
    return problem(reply, 400, 'invalid_request', error.message);
  }
  throw error;
}

/** The operator API behind the dashboard: projects, settings, keys, webhook deliveries. */
export function adminRoutes(app: App) {
  const sessionKey = deriveKey(app.keyring.master, 'admin-session');
  const deliveries = createDeliveries(app.db, app);

  return async function admin(scope: FastifyInstance): Promise<void> {
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation) return problem(reply, 400, 'invalid_request', error.message);
      if (error.statusCode === 413) return problem(reply, 413, 'too_large', 'The request body is too large.');
      if (error.statusCode && error.statusCode < 500)
        return problem(reply, error.statusCode, 'invalid_request', error.message);
      request.log.error({ err: error }, 'admin request failed');
      return problem(reply, 500, 'internal', 'Internal error.');
    });
    scope.post(
      '/admin/api/session',
      {
        schema: {
          tags: ['admin'],
          summary: 'Sign in with the admin e-mail and password',
          body: Type.Object({ email: Type.String(), password: Type.String() }),
          response: {
            200: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            401: ProblemBody,
          },
        },
      },
      async (request, reply) => {
        const { email, password } = request.body as { email: string; password: string };
        const admin = await app.admins.verify(email, password);
        if (!admin) return problem(reply, 401, 'unauthorized', 'Wrong e-mail or password.');
        await appendAudit(app.db, {
          actor: `admin:${admin.email}`,
          action: 'admin.sign_in',
          subjectType: 'admin',
          subjectId: admin.id,
        });
        return {
          token: issueSessionToken(sessionKey, admin.id, admin.email),
          expiresAt: new Date(Date.now() + SESSION_LIFETIME_SECONDS * 1000).toISOString(),
        };
      },
    );

    await scope.register(async (secured) => {
      secured.addHook('onRequest', adminAuthHook(sessionKey));
      const security = [{ adminSession: [] }];
      const actorOf = (request: { admin?: { email: string } }) =>
        `admin:${request.admin?.email ?? 'unknown'}`;
      const projectOr404 = async (reply: FastifyReply, projectId: string) => {
        const project = await app.projects.get(projectId);
        if (!project) problem(reply, 404, 'not_found', `No project ${projectId}.`);
        return project;
      };
      const checkSettings = (settings: {
        webhookUrl?: string;
        allowInsecureWebhooks?: boolean;
        ipAllowlist?: string[];
      }) => {
        if (settings.webhookUrl) {
          checkCallbackUrl(settings.webhookUrl, { requireHttps: !settings.allowInsecureWebhooks });
        }
        parseAllowlist(settings.ipAllowlist ?? []);
      };

      secured.get(
        '/admin/api/projects',
        { schema: { tags: ['admin'], security, response: { 200: Type.Array(ProjectView) } } },
        async () => app.projects.list(),
      );

      secured.post(
        '/admin/api/projects',
        {
          schema: {
            tags: ['admin'],
            summary: 'Create a project and its first API key (shown once)',
            security,
            body: Type.Object({
              name: Type.String({ minLength: 1 }),
              id: Type.Optional(Type.String()),
              settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            }),
            response: { 201: Type.Object({ project: ProjectView, apiKey: KeyView }), 400: ProblemBody },
          },
        },
        async (request, reply) => {
          const body = request.body as { name: string; id?: string; settings?: Record<string, unknown> };
          try {
            const result = await app.db.transaction(async (tx) => {
              const project = await app.projects.create(body, actorOf(request), tx);
              checkSettings(project.settings);
              const apiKey = await app.projects.issueApiKey(
                project.id,
                { label: 'default' },
                actorOf(request),
                tx,
              );
              return { project, apiKey };
            });
            return reply.code(201).send(result);
          } catch (error) {
            return asProblem(reply, error);
          }
        },
      );

      secured.get(
        '/admin/api/projects/:projectId',
        {
          schema: {
            tags: ['admin'],
            security,
            params: ProjectParams,
            response: { 200: ProjectView, 404: ProblemBody },
          },
        },
        async (request, reply) => projectOr404(reply, (request.params as { projectId: string }).projectId),
      );

      secured.patch(
        '/admin/api/projects/:projectId',
        {
          schema: {
            tags: ['admin'],
            summary: 'Change name, status or settings (settings merge; null removes a setting)',
            security,
            params: ProjectParams,
            body: Type.Object({
              status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
              settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            }),
            response: { 200: ProjectView, 400: ProblemBody, 404: ProblemBody },
          },
        },
        async (request, reply) => {
          const { projectId } = request.params as { projectId: string };
          const body = request.body as {
            status?: 'active' | 'suspended';
            settings?: Record<string, unknown>;
          };
          const project = await projectOr404(reply, projectId);
          if (!project) return reply;
          try {
            if (body.settings) {
              const merged = mergeSettings(project.settings, body.settings) as Record<string, unknown>;
              checkSettings(merged);
              await app.projects.updateSettings(projectId, merged, actorOf(request));
            }
            if (body.status) await app.projects.setStatus(projectId, body.status, actorOf(request));
            return app.projects.get(projectId);
          } catch (error) {
            return asProblem(reply, error);
          }
        },
      );

      secured.get(
        '/admin/api/projects/:projectId/keys',
        {
          schema: {
            tags: ['admin'],
            security,
            params: ProjectParams,
            response: { 200: Type.Array(KeyView) },
          },
        },
        async (request) => app.projects.listApiKeys((request.params as { projectId: string }).projectId),
      );

      secured.post(
        '/admin/api/projects/:projectId/keys',
        {
          schema: {
            tags: ['admin'],
            summary: 'Create an API key (the response is the only time it is shown)',
            security,
            params: ProjectParams,
            body: Type.Object({ label: Type.Optional(Type.String({ maxLength: 200 })) }),
            response: { 201: KeyView, 400: ProblemBody },
          },
        },
        async (request, reply) => {
          const { projectId } = request.params as { projectId: string };
          try {
            const label = (request.body as { label?: string } | undefined)?.label;
            return reply
              .code(201)
              .send(await app.projects.issueApiKey(projectId, { label }, actorOf(request)));
          } catch (error) {
            return asProblem(reply, error);
          }
        },
      );

      secured.delete(
        '/admin/api/keys/:keyId',
        {
          schema: {
            tags: ['admin'],
            summary: 'Revoke an API key at once',
            security,
            params: Type.Object({ keyId: Type.String() }),
            response: { 200: KeyView, 400: ProblemBody },
          },
        },
        async (request, reply) => {
          try {
            return await app.projects.revokeApiKey(
              (request.params as { keyId: string }).keyId,
              actorOf(request),
            );
          } catch (error) {
            return asProblem(reply, error);
          }
        },
      );

      secured.get(
        '/admin/api/projects/:projectId/webhook-secret',
        {
          schema: {
            tags: ['admin'],
            summary: "The secret that signs this project's webhooks (X-OpenKYC-Signature)",
            security,
            params: ProjectParams,
            response: { 200: Type.Object({ webhookSigningSecret: Type.String() }), 404: ProblemBody },
          },
        },
        async (request, reply) => {
          const { projectId } = request.params as { projectId: string };
          if (!(await projectOr404(reply, projectId))) return reply;
          await appendAudit(app.db, {
            projectId,
            actor: actorOf(request),
            action: 'project.webhook_secret.read',
          });
          return { webhookSigningSecret: (await app.projects.secrets(projectId)).webhookSigningSecret };
        },
      );

      secured.post(
        '/admin/api/projects/:projectId/webhook-test',
        {
          schema: {
            tags: ['admin'],
            summary: 'Send a signed "ping" event to the project webhook, through the normal delivery path',
            security,
            params: ProjectParams,
            response: { 202: Type.Object({ deliveryId: Type.String() }), 400: ProblemBody, 404: ProblemBody },
          },
        },
        async (request, reply) => {
          const { projectId } = request.params as { projectId: string };
          const project = await projectOr404(reply, projectId);
          if (!project) return reply;
          const url = project.settings.webhookUrl;
          if (!url) return problem(reply, 400, 'invalid_request', 'The project has no webhookUrl.');
          const deliveryId = await app.db.transaction((tx) =>
            deliveries.enqueue(tx, app, {
              projectId,
              url,
              event: { kind: 'ping', event: 'ping', data: { projectId, sentAt: new Date().toISOString() } },
            }),
          );
          return reply.code(202).send({ deliveryId });
        },
      );

      secured.get(
        '/admin/api/projects/:projectId/deliveries',
        {
          schema: {
            tags: ['admin'],
            summary: 'The delivery log: newest first; page with before=<sequence of the last item>',
            security,
            params: ProjectParams,
            querystring: Type.Object({
              status: Type.Optional(
                Type.Union(['pending', 'delivered', 'failed', 'gone'].map((value) => Type.Literal(value))),
              ),
              subject: Type.Optional(Type.String()),
              before: Type.Optional(Type.Integer({ minimum: 1 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            }),
            response: { 200: Type.Array(DeliveryView) },
          },
        },
        async (request) => {
          const { projectId } = request.params as { projectId: string };
          const query = request.query as {
            status?: 'pending' | 'delivered' | 'failed' | 'gone';
            subject?: string;
            before?: number;
            limit?: number;
          };
          return deliveries.list({
            projectId,
            status: query.status,
            subjectId: query.subject,
            beforeSequence: query.before,
            limit: query.limit,
          });
        },
      );

      secured.get(
        '/admin/api/projects/:projectId/deliveries/:deliveryId',
        {
          schema: {
            tags: ['admin'],
            security,
            params: Type.Object({ projectId: Type.String(), deliveryId: Type.String({ format: 'uuid' }) }),
            response: {
              200: Type.Intersect([
                DeliveryView,
                Type.Object({
                  attemptLog: Type.Array(
                    Type.Object({
                      attempt: Type.Integer(),
                      at: Type.String({ format: 'date-time' }),
                      statusCode: Type.Union([Type.Integer(), Type.Null()]),
                      error: Type.Union([Type.String(), Type.Null()]),
                      latencyMs: Type.Integer(),
                    }),
                  ),
                }),
              ]),
              404: ProblemBody,
            },
          },
        },
        async (request, reply) => {
          const { projectId, deliveryId } = request.params as { projectId: string; deliveryId: string };
          const delivery = await deliveries.get(projectId, deliveryId);
          return delivery ?? problem(reply, 404, 'not_found', 'No such delivery.');
        },
      );

      secured.post(
        '/admin/api/projects/:projectId/deliveries/:deliveryId/redeliver',
        {
          schema: {
            tags: ['admin'],
            summary: 'Send a failed or delivered event again (same delivery id; a fresh round of retries)',
            security,
            params: Type.Object({ projectId: Type.String(), deliveryId: Type.String({ format: 'uuid' }) }),
            response: { 202: Type.Object({ deliveryId: Type.String() }), 400: ProblemBody },
          },
        },
        async (request, reply) => {
          const { projectId, deliveryId } = request.params as { projectId: string; deliveryId: string };
          try {
            await deliveries.redeliver(projectId, deliveryId);
            await appendAudit(app.db, {
              projectId,
              actor: actorOf(request),
              action: 'delivery.redeliver',
              subjectType: 'delivery',
              subjectId: deliveryId,
            });
            return reply.code(202).send({ deliveryId });
          } catch (error) {
            return asProblem(reply, error);
          }
        },
      );
    });
  };
}
