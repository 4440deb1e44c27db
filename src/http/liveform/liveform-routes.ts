import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { ChallengePrompt } from '../../engine/face/types.js';
import { countryCode } from '../../kyc/countries.js';
import { type Clock, systemClock } from '../../kyc/liveform-clock.js';
import { isLiveformErrorCode, LiveformError, type LiveformErrorCode } from '../../kyc/liveform-errors.js';
import { isEmail, type PlainQuery } from '../../kyc/liveform-params.js';
import { createLiveformSessions, type LiveformSession } from '../../kyc/liveform-sessions.js';
import type { AddressData, AddressKey } from '../../kyc/submission-model.js';
import { sharedSubmissions } from '../../kyc/submissions.js';
import { FREE_TEXT_MAX, imageContentType, STEP_IMAGE_MAX_BYTES } from '../../kyc/uploads.js';
import { FormError, readMultipartForm } from '../argos/multipart-form.js';
import { qrSvg } from './handoff-qr.js';
import { createLiveformFlow, FlowRefusal } from './liveform-flow.js';
import { LIVEFORM_DIST, loadIndexHtml } from './page-files.js';
import { sessionView } from './session-view.js';

// The Liveform (argos.md §14): GET /liveform validates the URL and opens a session (or redirects to its error
// page), the built page is served for /liveform/s/<session> and /liveform/error-page/<code>, the QR code's short
// link /liveform/h/<code> hands a session to a phone, and /liveform/api/s/<session>/... is what the page calls.
// No x-api-key here: the session id in the path is the capability.

export interface LiveformOptions {
  /** Time of the token and session rules (tests move it). */
  readonly clock?: Clock;
  /** The liveness prompt (tests fix it; random otherwise). */
  readonly pickPrompt?: () => ChallengePrompt;
  /** Also serve the URL at `/` (`<host>?pid=…`): the dedicated Liveform listener of argos.md §14.1. */
  readonly atRoot?: boolean;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
};

/** Image parts of the page's uploads: 2 MiB each (argos.md §4.2); frames are small JPEGs. */
const FORM_LIMITS = { maxFileBytes: 2 * 1024 * 1024, maxFieldBytes: 8 * 1024, maxFiles: 24 };
const BODY_LIMIT = 24 * 1024 * 1024;

function errorPage(code: LiveformErrorCode, lang: string, ref?: string): string {
  const query = new URLSearchParams({ lang, ...(ref ? { ref } : {}) });
  return `/liveform/error-page/${code}?${query}`;
}

export function liveformRoutes(app: App, options: LiveformOptions = {}) {
  return async function liveform(scope: FastifyInstance): Promise<void> {
    const clock = options.clock ?? systemClock;
    const submissions = sharedSubmissions({
      db: app.db,
      keyring: app.keyring,
      blobs: app.blobs,
      jobs: app.jobs,
      projects: app.projects,
    });
    const lookup = { state: (projectId: string, id: string) => submissions.state(projectId, id) };
    const sessions = createLiveformSessions({
      db: app.db,
      database: app.db,
      jobs: app.jobs,
      projects: app.projects,
      keyring: app.keyring,
      submissions: lookup,
      smsAvailable: false,
      clock,
      ...(options.pickPrompt ? { pickPrompt: options.pickPrompt } : {}),
    });
    const flow = createLiveformFlow({ projects: app.projects, sessions, submissions, logger: scope.log });
    let indexHtml: string | undefined;
    const page = (reply: FastifyReply) => {
      indexHtml ??= loadIndexHtml();
      if (!indexHtml)
        return reply.code(503).type('text/plain').send('The capture page is not built: npm run build');
      return reply.headers(PAGE_HEADERS).send(indexHtml);
    };

    await scope.register(fastifyMultipart);
    await scope.register(fastifyStatic, {
      root: `${LIVEFORM_DIST}/assets`,
      prefix: '/liveform/assets/',
      decorateReply: false,
      preCompressed: true,
      immutable: true,
      maxAge: '365d',
      index: false,
    });

    // 1. The URL of argos.md §14.1.
    const openUrl = async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const opened = await sessions.open(request.query as PlainQuery, request.headers['accept-language']);
        if (!opened.ok) {
          request.log.info({ code: opened.code }, 'liveform URL refused');
          return reply.redirect(errorPage(opened.code, opened.lang, opened.sessionId), 302);
        }
        const { session } = opened;
        return reply.redirect(`/liveform/s/${session.id}?lang=${session.lang}`, 302);
      } catch (error) {
        request.log.error({ err: error }, 'liveform URL failed');
        return reply.redirect(errorPage('SE-50000', 'en'), 302);
      }
    };
    scope.get('/liveform', openUrl);
    scope.get('/liveform/', openUrl);
    if (options.atRoot) scope.get('/', openUrl);

    scope.get('/liveform/s/:sid', async (_request, reply) => page(reply));
    scope.get<{ Params: { code: string } }>('/liveform/error-page/:code', async (request, reply) => {
      if (!isLiveformErrorCode(request.params.code)) return reply.code(404).send({ message: 'Not Found' });
      return page(reply);
    });

    // The QR code's short link: the phone claims the session once.
    scope.get<{ Params: { code: string } }>('/liveform/h/:code', async (request, reply) => {
      try {
        const session = await sessions.claim(request.params.code.toUpperCase());
        return reply.redirect(`/liveform/s/${session.id}?d=phone&lang=${session.lang}`, 302);
      } catch (error) {
        if (error instanceof LiveformError) return reply.redirect(errorPage(error.code, 'en'), 302);
        throw error;
      }
    });

    // The page's API.
    const sessionOf = async (request: FastifyRequest<{ Params: { sid: string } }>) => {
      const session = await sessions.get(request.params.sid);
      if (!session) throw new ApiProblem(404, 'sessionNotFound');
      return session;
    };
    const view = async (session: LiveformSession) => {
      const project = await app.projects.get(session.projectId);
      if (!project) throw new ApiProblem(404, 'sessionNotFound');
      if (session.errorCode) {
        const url = await flow.returnUrl(project, { ...session.params, errorCode: session.errorCode });
        return sessionView(session, project, {
          status: 'incomplete',
          errorCode: session.errorCode,
          ...(url ? { returnUrl: url } : {}),
        });
      }
      return sessionView(session, project, session.stage === 'done' ? await flow.result(session) : undefined);
    };
    const live = (session: LiveformSession) => {
      if (session.errorCode || session.stage === 'done') throw new ApiProblem(409, 'finished');
      return session;
    };

    scope.setErrorHandler((error, request, reply) => {
      if (error instanceof ApiProblem) return reply.code(error.status).send({ error: error.code });
      if (error instanceof FlowRefusal) return reply.code(409).send({ error: error.code });
      if (error instanceof FormError) return reply.code(400).send({ error: 'invalidForm' });
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) return reply.code(status).send({ error: 'badRequest' });
      request.log.error({ err: error }, 'liveform request failed');
      return reply.code(500).send({ error: 'serverError' });
    });

    type SidRequest = FastifyRequest<{ Params: { sid: string } }>;
    scope.get('/liveform/api/s/:sid', async (request: SidRequest) => view(await sessionOf(request)));

    scope.post('/liveform/api/s/:sid/start', async (request: SidRequest) => {
      const session = live(await sessionOf(request));
      const body = (request.body ?? {}) as { email?: unknown };
      const email = typeof body.email === 'string' ? body.email.trim() : undefined;
      if (email !== undefined && !isEmail(email)) throw new ApiProblem(400, 'invalidEmail');
      if (!email && !session.params.email && !session.state.email) throw new ApiProblem(400, 'emailRequired');
      return view(await flow.start(session, email));
    });

    scope.post('/liveform/api/s/:sid/handoff', async (request: SidRequest) => {
      const session = await sessions.handoff(live(await sessionOf(request)).id);
      if (!session?.handoff) throw new ApiProblem(404, 'sessionNotFound');
      const base = app.config.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
      const url = `${base}/liveform/h/${session.handoff.code}`;
      return {
        url,
        code: session.handoff.code,
        qrSvg: qrSvg(url),
        expiresAt: session.handoff.expiresAt.toISOString(),
      };
    });

    scope.post('/liveform/api/s/:sid/document', { bodyLimit: BODY_LIMIT }, async (request: SidRequest) => {
      const session = live(await sessionOf(request));
      const form = await readMultipartForm(request, FORM_LIMITS);
      const text = (name: string) => form.fields.get(name)?.at(-1)?.trim();
      const front = form.files.get('idImage')?.at(-1)?.bytes;
      const back = form.files.get('idBackImage')?.at(-1)?.bytes;
      const issuingCountry = text('issuingCountry');
      const idType = text('idType');
      if (!front || !issuingCountry || !idType) throw new ApiProblem(400, 'missingData');
      const view = await app.projects.get(session.projectId);
      const offered = view ? sessionView(session, view, undefined) : undefined;
      const country = issuingCountry.toUpperCase();
      const countryOk = offered?.countries.only
        ? offered.countries.only.includes(country)
        : !offered?.countries.except.includes(country);
      if (!countryOk || !offered?.idTypes.includes(idType as never)) throw new ApiProblem(400, 'notOffered');
      return flow.document(session, {
        issuingCountry: country,
        idType,
        front,
        ...(back ? { back } : {}),
        ipAddress: request.ip,
      });
    });

    scope.post('/liveform/api/s/:sid/review', async (request: SidRequest) => {
      const session = live(await sessionOf(request));
      const body = (request.body ?? {}) as { fields?: unknown };
      const fields = body.fields;
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
        throw new ApiProblem(400, 'invalidFields');
      const confirmed: Record<string, string> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (typeof value !== 'string' || value.length > 256 || !REVIEW_KEYS.has(key))
          throw new ApiProblem(400, 'invalidFields');
        confirmed[key] = value.trim();
      }
      if (!confirmed.name || !confirmed.birthDate) throw new ApiProblem(400, 'missingData');
      return view(await flow.review(session, confirmed));
    });

    scope.post('/liveform/api/s/:sid/challenge', async (request: SidRequest) => {
      const session = live(await sessionOf(request));
      const prompt = await sessions.issueChallenge(session.id);
      if (!prompt) throw new ApiProblem(404, 'sessionNotFound');
      return { prompt };
    });

    scope.post('/liveform/api/s/:sid/selfie', { bodyLimit: BODY_LIMIT }, async (request: SidRequest) => {
      const session = live(await sessionOf(request));
      const form = await readMultipartForm(request, FORM_LIMITS);
      const face = form.files.get('faceImage')?.at(-1)?.bytes;
      const frames = (form.files.get('frame') ?? []).map((f) => new Uint8Array(f.bytes));
      if (!face || frames.length === 0) throw new ApiProblem(400, 'missingData');
      return flow.selfie(session, { face, frames, ipAddress: request.ip });
    });

    scope.post(
      '/liveform/api/s/:sid/selfie-upload',
      { bodyLimit: BODY_LIMIT },
      async (request: SidRequest) => {
        const session = live(await sessionOf(request));
        const form = await readMultipartForm(request, FORM_LIMITS);
        const face = form.files.get('faceImage')?.at(-1)?.bytes;
        if (!face) throw new ApiProblem(400, 'missingData');
        if ('problem' in imageContentType(face, STEP_IMAGE_MAX_BYTES))
          throw new ApiProblem(400, 'invalidImage');
        return flow.selfieUpload(session, { face, ipAddress: request.ip });
      },
    );

    scope.post('/liveform/api/s/:sid/address', { bodyLimit: BODY_LIMIT }, async (request: SidRequest) => {
      const session = live(await sessionOf(request));
      const form = await readMultipartForm(request, FORM_LIMITS);
      const bytes = form.files.get('addressImage')?.at(-1)?.bytes;
      if (!bytes) throw new ApiProblem(400, 'missingData');
      const type = imageContentType(bytes, STEP_IMAGE_MAX_BYTES);
      if ('problem' in type) throw new ApiProblem(400, 'invalidImage');
      const address: AddressData = {};
      for (const key of ADDRESS_FORM_KEYS) {
        const value = form.fields.get(key)?.at(-1)?.trim();
        if (value === undefined || value === '') continue;
        if (value.length > FREE_TEXT_MAX) throw new ApiProblem(400, 'invalidAddress');
        address[key] = value;
      }
      if (address.country !== undefined) {
        const country = countryCode(address.country);
        if (!country) throw new ApiProblem(400, 'invalidAddress');
        address.country = country;
      }
      if (!address.street || !address.city || !address.country) throw new ApiProblem(400, 'missingData');
      return flow.address(session, { address, image: { bytes, contentType: type.type } });
    });

    // Live progress for the desktop: Server-Sent Events, one message whenever the session or its result changes.
    scope.get('/liveform/api/s/:sid/events', async (request: SidRequest, reply) => {
      const first = await sessionOf(request);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let last = '';
      let closed = false;
      request.raw.on('close', () => {
        closed = true;
      });
      const started = Date.now();
      let session: LiveformSession | undefined = first;
      while (!closed && session && Date.now() - started < 15 * 60_000) {
        const current = await view(session).catch(() => undefined);
        const message = current
          ? JSON.stringify({
              stage: current.stage,
              handedOff: current.handedOff,
              ...(current.result ? { result: current.result } : {}),
            })
          : '';
        if (message && message !== last) {
          last = message;
          out.write(`event: progress\ndata: ${message}\n\n`);
          if (current?.stage === 'done') break;
        } else out.write(': keep-alive\n\n');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        session = await sessions.get(first.id).catch(() => undefined);
      }
      out.end();
    });
  };
}

/** What the address screen sends (argos.md §5 address_* keys, in the domain's names). */
const ADDRESS_FORM_KEYS = [
  'street',
  'street2',
  'city',
  'state',
  'zipcode',
  'country',
] as const satisfies readonly AddressKey[];

const REVIEW_KEYS = new Set([
  'name',
  'firstName',
  'lastName',
  'birthDate',
  'issueDate',
  'expireDate',
  'gender',
  'nationality',
  'identityNumber',
  'licenseNumber',
  'documentNumber',
]);

class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}
