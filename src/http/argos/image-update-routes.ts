import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { isProjectAdmin } from '../../kyc/edits.js';
import { SubmissionError } from '../../kyc/submission-errors.js';
import { type IdType, type ImageKind, idTypeOf } from '../../kyc/submission-model.js';
import type { Submissions } from '../../kyc/submissions.js';
import { imageContentType, PUT_IMAGE_MAX_BYTES } from '../../kyc/uploads.js';
import { FormError, fileField, type MultipartForm, readMultipartForm, textField } from './multipart-form.js';
import { actorOf, callerProject, submissionIdOf } from './request-facts.js';
import { declaredTooLarge } from './step-routes.js';
import { codeError, imagePutErrors } from './submission-errors.js';
import { KIND_OF_IMAGE_TYPE } from './submission-views.js';

// PUT /v3/submission/image (argos.md §10): images as Base64 text (the vendor's way, `data:` prefix stripped) or
// as file parts; no OCR, no verification, no webhook.

export const IMAGE_PUT_BODY_LIMIT = 60 * 1024 * 1024;

const error = (code: keyof typeof imagePutErrors) =>
  codeError(code === 'missing_id_type' ? 'missing_data' : code, imagePutErrors[code]);

/** The bytes of an image given as a file part or as Base64 text; undefined when not given at all. */
function imageBytes(form: MultipartForm, name: string): Uint8Array | 'invalid' | undefined {
  const file = fileField(form, name);
  if (file) return file.bytes;
  const text = textField(form, name);
  if (text === undefined) return undefined;
  const base64 = text.replace(/^data:[^;,]*;base64,/i, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) return 'invalid';
  return Buffer.from(base64, 'base64');
}

export function imageUpdateRoutes(_app: App, submissions: Submissions) {
  return async function routes(scope: FastifyInstance): Promise<void> {
    scope.put(
      '/v3/submission/image',
      {
        config: { allowSuspendedProject: true },
        preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
          if (declaredTooLarge(request, IMAGE_PUT_BODY_LIMIT)) {
            reply.header('connection', 'close');
            return reply.code(413).send({ message: 'Request Entity Too Large' });
          }
        },
        schema: {
          tags: ['submissions'],
          summary: 'Add or replace images of a submission',
          consumes: ['multipart/form-data'],
          security: [{ apiKey: [] }],
          response: {
            200: Type.Object({ message: Type.String() }),
            400: Type.Object({ errorCode: Type.String(), message: Type.String() }),
          },
        },
      },
      async (request) => {
        let form: MultipartForm;
        try {
          form = await readMultipartForm(request, {
            maxFileBytes: PUT_IMAGE_MAX_BYTES,
            maxFieldBytes: Math.ceil((PUT_IMAGE_MAX_BYTES * 4) / 3) + 1024,
            maxFiles: 4,
          });
        } catch (caught) {
          if (caught instanceof FormError) throw error('invalid_payload');
          throw caught;
        }
        const { id, conflict } = submissionIdOf({
          submissionId: form.fields.get('submissionId')?.at(-1),
          submission_id: form.fields.get('submission_id')?.at(-1),
        });
        const admin = textField(form, 'admin');
        if ((!id && !conflict) || !admin) throw error('missing_data');
        const project = callerProject(request);
        if (project.status !== 'active') throw error('invalid_project');
        if (!isProjectAdmin(project, admin)) throw error('invalid_admin');
        if (conflict || !(await submissions.exists(project.id, id!))) throw error('invalid_submission');
        const images: Partial<Record<ImageKind, { bytes: Uint8Array; contentType: string }>> = {};
        const given: [ImageKind, Uint8Array | 'invalid'][] = [];
        for (const type of ['idImage', 'idBackImage', 'selfieImage', 'addressImage']) {
          const bytes = imageBytes(form, type);
          if (bytes !== undefined) given.push([KIND_OF_IMAGE_TYPE[type]!, bytes]);
        }
        if (given.length === 0) throw error('invalid_data');
        const idTypeText = textField(form, 'idType');
        const needsIdType = given.some(([kind]) => kind === 'idFront' || kind === 'idBack');
        if (needsIdType && idTypeText === undefined) throw error('missing_id_type');
        let idType: IdType | undefined;
        if (idTypeText !== undefined) {
          const parsed = idTypeOf(idTypeText === 'drvlic' ? 'drivers_license' : idTypeText);
          if (!parsed || parsed === 'universal') throw error('invalid_idType');
          idType = parsed;
        }
        for (const [kind, bytes] of given) {
          if (bytes === 'invalid') throw error('invalid_image');
          const checked = imageContentType(bytes, PUT_IMAGE_MAX_BYTES);
          if ('problem' in checked) throw error('invalid_image');
          images[kind] = { bytes, contentType: checked.type };
        }
        try {
          await submissions.updateImages({
            project,
            actor: actorOf(request),
            admin,
            submissionId: id!,
            idType,
            images,
          });
        } catch (caught) {
          if (caught instanceof SubmissionError) {
            throw error(
              caught.problem.kind === 'unknownSubmission' ? 'invalid_submission' : 'processing_error',
            );
          }
          throw caught;
        }
        return { message: 'complete to update image.' };
      },
    );
  };
}
