import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { DecryptionError } from '../../crypto/argos-cipher.js';
import { createTokens, TokenError, type TokenView } from '../../kyc/tokens.js';
import { BodyParseError, readJsonBody, readQuery, secureResponse } from './secure-transfer.js';
import { tokenDecryptionError, tokenError, tokenProblemError } from './token-errors.js';

const PATH = '/v3/submission/tokens';

const TokenData = Type.Object({
  tokenId: Type.String(),
  updateTime: Type.String({ format: 'date-time' }),
  expired: Type.Boolean(),
  firstUsedAt: Type.Optional(Type.String({ format: 'date-time' })),
  expiredAt: Type.Optional(Type.String({ format: 'date-time' })),
});
const Encrypted = Type.Object({ data: Type.String({ description: 'enc(body) when secureTransfer is on' }) });
const TokenFailure = Type.Object({
  errorCode: Type.String(),
  errorMessage: Type.String(),
  errorDetails: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
const TokenIdList = Type.Object({ tokenId: Type.Array(Type.String(), { minItems: 1, maxItems: 500 }) });

function tokenData(token: TokenView) {
  return {
    tokenId: token.tokenId,
    updateTime: token.updateTime.toISOString(),
    expired: token.expiry.expired,
    ...(token.firstUsedAt ? { firstUsedAt: token.firstUsedAt.toISOString() } : {}),
    ...(token.expiry.at &&
    token.expiry.reason !== undefined &&
    (token.expiry.expired || token.expiry.reason === 'time')
      ? { expiredAt: token.expiry.at.toISOString() }
      : {}),
  };
}

/** Maps the domain's and the transport's failures to family T. */
function asTokenError(error: unknown): unknown {
  if (error instanceof TokenError) return tokenProblemError(error.problem);
  if (error instanceof DecryptionError) return tokenDecryptionError();
  if (error instanceof BodyParseError) return tokenError('invalid_payload');
  return error;
}

async function body(request: FastifyRequest, app: App): Promise<Record<string, unknown>> {
  const parsed = await readJsonBody(request, app.projects);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BodyParseError('not an object');
  return parsed as Record<string, unknown>;
}

/** Private-mode tokens (argos.md §13). */
export function tokensRoutes(app: App) {
  const tokens = createTokens(app.db);

  return async function routes(scope: FastifyInstance): Promise<void> {
    scope.post(
      PATH,
      {
        schema: {
          tags: ['tokens'],
          summary: 'Register tokens in the project pool',
          security: [{ apiKey: [] }],
          body: TokenIdList,
          response: {
            200: Type.Union([
              Type.Object({
                success: Type.Boolean(),
                message: Type.String(),
                summary: Type.Object({
                  totalSubmitted: Type.Integer(),
                  currentCount: Type.Integer(),
                  processed: Type.Integer(),
                  failed: Type.Integer(),
                }),
              }),
              Encrypted,
            ]),
            400: TokenFailure,
          },
        },
        // The vendor's rules decide the error codes, so schema failures are left to the domain's checks.
        attachValidation: true,
      },
      async (request) => {
        try {
          const input = await body(request, app);
          const result = await tokens.register(request.caller!.project.id, input.tokenId);
          return secureResponse(request, app.projects, {
            success: true,
            message: 'All tokens are now in the pool',
            summary: {
              totalSubmitted: result.submitted,
              currentCount: result.count,
              processed: result.processed,
              failed: 0,
            },
          });
        } catch (error) {
          throw asTokenError(error);
        }
      },
    );

    scope.get(
      PATH,
      {
        schema: {
          tags: ['tokens'],
          summary: 'Read one token, list the pool, or count it',
          security: [{ apiKey: [] }],
          querystring: Type.Object({
            tokenId: Type.Optional(Type.String()),
            type: Type.Optional(Type.Literal('count')),
            nextPageKeyId: Type.Optional(Type.String()),
            nextPageKeyTime: Type.Optional(Type.String()),
            data: Type.Optional(Type.String()),
          }),
          response: {
            200: Type.Union([
              Type.Object({ success: Type.Boolean(), tokenId: Type.String(), data: TokenData }),
              Type.Object({
                success: Type.Boolean(),
                count: Type.Integer(),
                data: Type.Optional(Type.Array(TokenData)),
                nextPageKeyId: Type.Optional(Type.String()),
                nextPageKeyTime: Type.Optional(Type.String()),
              }),
              Encrypted,
            ]),
            400: TokenFailure,
          },
        },
        attachValidation: true,
      },
      async (request) => {
        try {
          const query = await readQuery(request, app.projects);
          const project = request.caller!.project;
          const expiration = project.settings.tokens.expiration;
          const single = (name: string): string | undefined => {
            const value = query[name];
            if (Array.isArray(value)) throw new BodyParseError(`${name} given twice`);
            return value;
          };
          const tokenId = single('tokenId');
          if (tokenId !== undefined) {
            const token = await tokens.get(project.id, tokenId, expiration);
            return secureResponse(request, app.projects, {
              success: true,
              tokenId: token.tokenId,
              data: tokenData(token),
            });
          }
          const type = single('type');
          if (type === 'count') {
            return secureResponse(request, app.projects, {
              success: true,
              count: await tokens.count(project.id),
            });
          }
          if (type !== undefined) throw new BodyParseError('unknown type');
          const afterId = single('nextPageKeyId');
          const afterTime = single('nextPageKeyTime');
          if (
            (afterId === undefined) !== (afterTime === undefined) ||
            (afterTime && Number.isNaN(Date.parse(afterTime)))
          ) {
            throw new BodyParseError('nextPageKeyId and nextPageKeyTime go together');
          }
          const page = await tokens.page(
            project.id,
            expiration,
            afterId && afterTime ? { tokenId: afterId, updateTime: new Date(afterTime) } : undefined,
          );
          return secureResponse(request, app.projects, {
            success: true,
            count: page.tokens.length,
            data: page.tokens.map(tokenData),
            ...(page.next
              ? { nextPageKeyId: page.next.tokenId, nextPageKeyTime: page.next.updateTime.toISOString() }
              : {}),
          });
        } catch (error) {
          throw asTokenError(error);
        }
      },
    );

    scope.delete(
      PATH,
      {
        schema: {
          tags: ['tokens'],
          summary: 'Delete tokens by id, or the N oldest',
          security: [{ apiKey: [] }],
          body: Type.Union([
            TokenIdList,
            Type.Object({ deleteCount: Type.Integer({ minimum: 1, maximum: 5000 }) }),
          ]),
          response: {
            200: Type.Union([
              Type.Object({
                success: Type.Boolean(),
                message: Type.String(),
                summary: Type.Object({
                  totalSubmitted: Type.Integer(),
                  deleted: Type.Integer(),
                  notFound: Type.Integer(),
                  failed: Type.Integer(),
                }),
                details: Type.Optional(Type.Object({ notFound: Type.Array(Type.String()) })),
              }),
              Encrypted,
            ]),
            400: TokenFailure,
          },
        },
        attachValidation: true,
      },
      async (request) => {
        try {
          const input = await body(request, app);
          const projectId = request.caller!.project.id;
          if ('deleteCount' in input) {
            const deleted = await tokens.deleteOldest(projectId, input.deleteCount);
            return secureResponse(request, app.projects, {
              success: true,
              message: `Successfully deleted ${deleted} tokens`,
              summary: { totalSubmitted: deleted, deleted, notFound: 0, failed: 0 },
            });
          }
          const result = await tokens.deleteIds(projectId, input.tokenId);
          return secureResponse(request, app.projects, {
            success: true,
            message: `Successfully deleted ${result.deleted.length} tokens`,
            summary: {
              totalSubmitted: result.submitted,
              deleted: result.deleted.length,
              notFound: result.notFound.length,
              failed: 0,
            },
            ...(result.notFound.length > 0 ? { details: { notFound: result.notFound } } : {}),
          });
        } catch (error) {
          throw asTokenError(error);
        }
      },
    );

    for (const method of ['PUT', 'PATCH'] as const) {
      scope.route({
        method,
        url: PATH,
        schema: { hide: true },
        handler: async () => {
          throw tokenError('invalid_path');
        },
      });
    }
  };
}
