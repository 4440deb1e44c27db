import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { SubmissionError } from '../../kyc/submission-errors.js';
import type { AddressData, PolicyOverrides } from '../../kyc/submission-model.js';
import type { Submissions } from '../../kyc/submissions.js';
import { STEP_IMAGE_MAX_BYTES } from '../../kyc/uploads.js';
import { GatewayHttpError } from '../gateway-errors.js';
import { FormError, fileField, type MultipartForm, readMultipartForm, textField } from './multipart-form.js';
import { actorOf, baseUrlOf, callerProject, submissionIdOf } from './request-facts.js';
import {
  codeError,
  duplicateApprovedMessage,
  invalidFormat,
  step1Errors,
  step2Errors,
} from './submission-errors.js';
import { step1Body, step2Body } from './submission-views.js';

// POST /v3/submission/step1 and /step2 (argos.md §4): multipart in, family C errors out. Never encrypted (§2.5).

/** Step bodies: 8 MiB in all (argos.md §1.3); each file at most 2 MiB (checked per file by the domain). */
export const STEP_BODY_LIMIT = 8 * 1024 * 1024;

const FAILURE = Type.Object({ errorCode: Type.String(), message: Type.String() });

function step1Error(code: keyof typeof step1Errors) {
  return codeError(code, step1Errors[code]);
}

function step2Error(code: keyof typeof step2Errors) {
  return codeError(code, step2Errors[code]);
}

/** customOptions (argos.md §4.2): a JSON object of booleans; `true` on a false-only key is ignored. */
export function parseCustomOptions(text: string | undefined): PolicyOverrides | undefined | 'invalid' {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalid';
  const overrides: PolicyOverrides = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'boolean') return 'invalid';
    if (key === 'rejectDuplicateUser') overrides.rejectDuplicateUser = value;
    else if (
      (key === 'blacklistCountries' ||
        key === 'approvePeriod' ||
        key === 'rejectPeriod' ||
        key === 'ageLimit') &&
      value === false
    ) {
      overrides[key] = false;
    }
  }
  return overrides;
}

/** A request whose declared length is over the limit is answered 413 before its body is read. */
export function declaredTooLarge(request: FastifyRequest, limit: number): boolean {
  const length = Number(request.headers['content-length']);
  return Number.isFinite(length) && length > limit;
}

async function readStepForm(request: FastifyRequest, onParseError: () => Error): Promise<MultipartForm> {
  try {
    return await readMultipartForm(request, {
      maxFileBytes: STEP_IMAGE_MAX_BYTES,
      maxFieldBytes: 64 * 1024,
      maxFiles: 4,
    });
  } catch (error) {
    if (error instanceof FormError) throw onParseError();
    throw error;
  }
}

function mapStep1Error(error: unknown): unknown {
  if (!(error instanceof SubmissionError)) return error;
  const problem = error.problem;
  switch (problem.kind) {
    case 'invalidInput':
      if (problem.field === 'idType') return step1Error('invalid_id_type');
      if (problem.field === 'issuingCountry') return step1Error('invalid_country');
      if (problem.field === 'email')
        return step1Error(problem.reason === 'missing' ? 'missing_data' : 'invalid_email');
      if (problem.field === 'idImage' || problem.field === 'idBackImage')
        return step1Error('invalid_id_image');
      return step1Error('invalid_payload');
    case 'unknownSubmission':
    case 'otherProject':
    case 'expired':
      return step1Error('invalid_submission');
    case 'alreadyProcessed':
    case 'concurrentChange':
      return step1Error('already_processed');
    case 'duplicateApproved':
      return codeError('duplicate_approved', duplicateApprovedMessage(problem.email));
    case 'engineFailed':
      return step1Error('image_processing_error');
    default:
      return step1Error('data_processing_error');
  }
}

const STEP2_FIELD_NAMES: Readonly<Record<string, string>> = {
  name: 'name',
  gender: 'gender',
  nationality: 'nationality',
  date_of_birth: 'date_of_birth',
  date_of_issue: 'date_of_issue',
  date_of_expiry: 'date_of_expiry',
  license_number: 'license_number',
};

function mapStep2Error(error: unknown): unknown {
  if (!(error instanceof SubmissionError)) return error;
  const problem = error.problem;
  switch (problem.kind) {
    case 'invalidInput':
      if (problem.field === 'faceImage') return step2Error('invalid_face_image');
      if (problem.field === 'addressImage') return step2Error('invalid_address_image');
      if (problem.field === 'address') return step2Error('missing_address_data');
      return codeError('invalid_format', invalidFormat(STEP2_FIELD_NAMES[problem.field] ?? problem.field));
    case 'otherProject':
      return step2Error('invalid_api_key');
    case 'unknownSubmission':
    case 'expired':
      return step2Error('invalid_submission');
    case 'alreadyProcessed':
    case 'concurrentChange':
      return step2Error('already_processed');
    case 'step1Incomplete':
      return step2Error('step1_incomplete');
    default:
      return new GatewayHttpError('internal');
  }
}

export function stepRoutes(app: App, submissions: Submissions) {
  return async function routes(scope: FastifyInstance): Promise<void> {
    const tooLarge = async (request: FastifyRequest, reply: FastifyReply) => {
      if (declaredTooLarge(request, STEP_BODY_LIMIT)) {
        reply.header('connection', 'close');
        return reply.code(413).send({ message: 'Request Entity Too Large' });
      }
    };

    scope.post(
      '/v3/submission/step1',
      {
        preValidation: tooLarge,
        schema: {
          tags: ['submissions'],
          summary: 'Step 1: read the ID document and create (or retry) the submission',
          consumes: ['multipart/form-data'],
          security: [{ apiKey: [] }],
          response: { 400: FAILURE },
        },
      },
      async (request) => {
        const form = await readStepForm(request, () => step1Error('invalid_payload'));
        const overrides = parseCustomOptions(textField(form, 'customOptions'));
        if (overrides === 'invalid') throw step1Error('invalid_payload');
        const issuingCountry = textField(form, 'issuingCountry');
        const email = textField(form, 'email');
        const idType = textField(form, 'idType');
        const front = fileField(form, 'idImage');
        const frontText = form.fields.has('idImage');
        if (!issuingCountry || !email || !idType || (!front && !frontText)) throw step1Error('missing_data');
        const { id, conflict } = submissionIdOf({
          submissionId: form.fields.get('submissionId')?.at(-1),
          submission_id: form.fields.get('submission_id')?.at(-1),
        });
        if (conflict) throw step1Error('invalid_submission');
        const project = callerProject(request);
        try {
          const result = await submissions.step1({
            project,
            actor: actorOf(request),
            submissionId: id,
            issuingCountry,
            email,
            idType,
            front: front?.bytes ?? new Uint8Array(),
            back: fileField(form, 'idBackImage')?.bytes,
            userid: textField(form, 'userid'),
            cf1: textField(form, 'cf1'),
            cf2: textField(form, 'cf2'),
            cf3: textField(form, 'cf3'),
            ipAddress: request.ip,
            overrides,
          });
          return step1Body(result, baseUrlOf(request, app.config), project.settings.privacyShield);
        } catch (error) {
          throw mapStep1Error(error);
        }
      },
    );

    scope.post(
      '/v3/submission/step2',
      {
        preValidation: tooLarge,
        schema: {
          tags: ['submissions'],
          summary: 'Step 2: selfie and confirmed data; policies, face checks and the decision',
          consumes: ['multipart/form-data'],
          security: [{ apiKey: [] }],
          response: { 400: FAILURE },
        },
      },
      async (request) => {
        const form = await readStepForm(request, () => step2Error('invalid_payload'));
        const { id, conflict } = submissionIdOf({
          submissionId: form.fields.get('submissionId')?.at(-1),
          submission_id: form.fields.get('submission_id')?.at(-1),
        });
        if (conflict) throw step2Error('invalid_submission');
        const face = fileField(form, 'faceImage');
        const name = textField(form, 'name');
        const birthDate = textField(form, 'date_of_birth');
        if (!id || (!face && !form.fields.has('faceImage')) || !name || !birthDate)
          throw step2Error('missing_data');
        const address: AddressData = {};
        for (const [field, key] of [
          ['globalCode', 'globalCode'],
          ['compoundCode', 'compoundCode'],
          ['formatted_address', 'formatted'],
          ['address_input', 'input'],
          ['address_detail', 'detail'],
        ] as const) {
          const value = textField(form, field);
          if (value) address[key] = value;
        }
        try {
          const result = await submissions.step2({
            project: callerProject(request),
            actor: actorOf(request),
            submissionId: id,
            face: face?.bytes ?? new Uint8Array(),
            name,
            birthDate,
            gender: textField(form, 'gender'),
            nationality: textField(form, 'nationality'),
            issueDate: textField(form, 'date_of_issue'),
            expireDate: textField(form, 'date_of_expiry'),
            identityNumber: textField(form, 'identity_number'),
            licenseNumber: textField(form, 'license_number'),
            documentNumber: textField(form, 'document_number'),
            serialNumber: textField(form, 'serial_number'),
            address,
            addressImage: fileField(form, 'addressImage')?.bytes,
            ipAddress: request.ip,
          });
          return step2Body(result);
        } catch (error) {
          throw mapStep2Error(error);
        }
      },
    );
  };
}
