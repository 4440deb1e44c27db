import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.js';
import { type Submissions, sharedSubmissions } from '../../kyc/submissions.js';
import { IMAGE_PUT_BODY_LIMIT, imageUpdateRoutes } from './image-update-routes.js';
import { migrationRoutes } from './migration-routes.js';
import { stepRoutes } from './step-routes.js';
import { submissionDeleteRoutes } from './submission-delete-routes.js';
import { submissionEditRoutes } from './submission-edit-routes.js';
import { submissionReadRoutes } from './submission-read-routes.js';

/** The process's one submissions domain (and engines), configured from the app's settings. */
export function submissionsOf(app: App): Submissions {
  return sharedSubmissions(app, {
    engineThreads: app.config.engineWorkers,
    ...(app.config.faceModel || app.config.faceLivenessModel
      ? {
          face: {
            ...(app.config.faceModel ? { onnxPath: app.config.faceModel } : {}),
            ...(app.config.faceModel && app.config.faceThreshold
              ? { threshold: Number(app.config.faceThreshold) }
              : {}),
            ...(app.config.faceLivenessModel ? { livenessModel: true } : {}),
          },
        }
      : {}),
  });
}

/**
 * The Submission API v3 (argos.md §4-§12) inside the ARGOS scope. Multipart routes get their own encapsulated
 * scope with the multipart parser; everything else reads the raw body the ARGOS scope hands over. The
 * submissions domain (and its engine worker pools, and the 24 h timeout sweeper) live as long as the server.
 */
export function submissionsRoutes(app: App) {
  return async function routes(scope: FastifyInstance): Promise<void> {
    const submissions = submissionsOf(app);
    scope.addHook('onReady', async () => {
      submissions.startSweeper((error) => app.logger.error({ err: error }, 'submission sweep failed'));
    });
    scope.addHook('onClose', async () => {
      await submissions.close();
    });

    await scope.register(async (multipartScope) => {
      await multipartScope.register(multipart, {
        limits: { fileSize: IMAGE_PUT_BODY_LIMIT, files: 4, parts: 200 },
        throwFileSizeLimit: false,
      });
      await multipartScope.register(stepRoutes(app, submissions));
      await multipartScope.register(imageUpdateRoutes(app, submissions));
    });
    await scope.register(submissionReadRoutes(app, submissions));
    await scope.register(submissionEditRoutes(app, submissions));
    await scope.register(submissionDeleteRoutes(app, submissions));
    await scope.register(migrationRoutes(app, submissions));
  };
}
