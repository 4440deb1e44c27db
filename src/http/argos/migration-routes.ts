import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.js';
import { DecryptionError } from '../../crypto/argos-cipher.js';
import { countryCode } from '../../kyc/countries.js';
import { isCalendarDate } from '../../kyc/dates.js';
import { isProjectAdmin } from '../../kyc/edits.js';
import type {
  AddressData,
  ContactData,
  DocumentData,
  IdentityData,
  IdType,
} from '../../kyc/submission-model.js';
import { idTypeOf } from '../../kyc/submission-model.js';
import type { Submissions } from '../../kyc/submissions.js';
import { isEmail } from '../../kyc/uploads.js';
import { actorOf, callerProject } from './request-facts.js';
import { BodyParseError, readJsonBody, secureResponse } from './secure-transfer.js';
import { codeError, DECRYPTION_FAILED, migrationErrors } from './submission-errors.js';

// POST /v3/submission/migration (argos.md §12): one existing KYC record per request, family C errors.

const REQUIRED = [
  'admin',
  'email',
  'fullName',
  'birthDate',
  'kycStatus',
  'idType',
  'issuingCountry',
] as const;
const OPTIONAL = [
  'firstName',
  'lastName',
  'nationality',
  'gender',
  'issueDate',
  'expireDate',
  'ipAddress',
  'identityNumber',
  'documentNumber',
  'address_city',
  'address_country',
  'address_state',
  'address_street',
  'address_full',
  'userid',
  'cf1',
  'cf2',
  'cf3',
] as const;
const KNOWN = new Set<string>([...REQUIRED, ...OPTIONAL]);

const error = (code: keyof typeof migrationErrors) => codeError(code, migrationErrors[code]);
const formatError = (parameter: string) => codeError('invalid_format', `invalid format: ${parameter}`);

export function migrationRoutes(app: App, submissions: Submissions) {
  return async function routes(scope: FastifyInstance): Promise<void> {
    scope.post(
      '/v3/submission/migration',
      {
        config: { allowSuspendedProject: true },
        schema: {
          tags: ['submissions'],
          summary: 'Create a decided submission from existing KYC data (no OCR, no verification)',
          security: [{ apiKey: [] }],
          body: Type.Object(
            Object.fromEntries([
              ...REQUIRED.map((name) => [name, Type.String()]),
              ...OPTIONAL.map((name) => [name, Type.Optional(Type.String())]),
            ]),
          ),
          response: {
            200: Type.Union([
              Type.Object({ message: Type.String(), submissionId: Type.String() }),
              Type.Object({ data: Type.String() }),
            ]),
            400: Type.Object({ errorCode: Type.String(), message: Type.String() }),
          },
        },
        attachValidation: true,
      },
      async (request) => {
        let body: unknown;
        try {
          body = await readJsonBody(request, app.projects);
        } catch (caught) {
          if (caught instanceof DecryptionError) throw codeError('invalid_payload', DECRYPTION_FAILED);
          if (caught instanceof BodyParseError) throw error('invalid_payload');
          throw caught;
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw error('invalid_payload');
        const input = body as Record<string, unknown>;
        const project = callerProject(request);
        if (project.status !== 'active') throw error('invalid_project');
        const unknown = Object.keys(input).find((key) => !KNOWN.has(key));
        if (unknown !== undefined) throw codeError('invalid_parameter', `invalid parameter: ${unknown}`);
        for (const name of REQUIRED) {
          const value = input[name];
          if (value === undefined || value === null || value === '') throw error('missing_data');
        }
        if (!isProjectAdmin(project, input.admin)) throw error('invalid_admin');
        for (const [name, value] of Object.entries(input)) {
          if (typeof value !== 'string') throw formatError(name);
        }
        const values = input as Record<string, string>;
        const optional = (name: string): string | undefined => {
          const value = values[name]?.trim();
          return value === undefined || value === '' ? undefined : value;
        };
        if (!isEmail(values.email)) throw formatError('email');
        if (values.fullName!.trim() === '') throw formatError('fullName');
        if (!isCalendarDate(values.birthDate)) throw formatError('birthDate');
        const status = values.kycStatus;
        if (status !== 'approved' && status !== 'rejected') throw formatError('kycStatus');
        const idType = idTypeOf(values.idType === 'drvlic' ? 'drivers_license' : values.idType);
        if (!idType || idType === 'universal') throw formatError('idType');
        const issuingCountry = countryCode(values.issuingCountry);
        if (!issuingCountry) throw formatError('issuingCountry');
        const nationalityText = optional('nationality');
        const nationality = nationalityText === undefined ? undefined : countryCode(nationalityText);
        if (nationalityText !== undefined && !nationality) throw formatError('nationality');
        const genderText = optional('gender')?.toLowerCase();
        if (genderText !== undefined && genderText !== 'male' && genderText !== 'female')
          throw formatError('gender');
        for (const name of ['issueDate', 'expireDate'] as const) {
          const value = optional(name);
          if (value !== undefined && !isCalendarDate(value)) throw formatError(name);
        }
        const ip = optional('ipAddress');
        if (ip !== undefined && isIP(ip) === 0) throw formatError('ipAddress');

        const contact: ContactData = { email: values.email! };
        for (const name of ['userid', 'cf1', 'cf2', 'cf3'] as const) {
          const value = optional(name);
          if (value) contact[name] = value;
        }
        if (ip) contact.ipAddress = ip;
        const identity: IdentityData = {
          fullName: values.fullName!.trim(),
          birthDate: values.birthDate!,
          ...(optional('firstName') ? { firstName: optional('firstName') } : {}),
          ...(optional('lastName') ? { lastName: optional('lastName') } : {}),
          ...(genderText ? { gender: genderText as 'male' | 'female' } : {}),
          ...(nationality ? { nationality } : {}),
        };
        const document: DocumentData = {
          issuingCountry,
          ...(optional('issueDate') ? { issueDate: optional('issueDate') } : {}),
          ...(optional('expireDate') ? { expireDate: optional('expireDate') } : {}),
          ...(optional('identityNumber') ? { identityNumber: optional('identityNumber') } : {}),
          ...(optional('documentNumber') ? { documentNumber: optional('documentNumber') } : {}),
        };
        const address: AddressData = {};
        for (const [name, key] of [
          ['address_city', 'city'],
          ['address_country', 'country'],
          ['address_state', 'state'],
          ['address_street', 'street'],
          ['address_full', 'formatted'],
        ] as const) {
          const value = optional(name);
          if (value) address[key] = value;
        }
        let submissionId: string;
        try {
          submissionId = await submissions.inject({
            project,
            actor: actorOf(request),
            admin: values.admin!,
            status,
            idType: idType as IdType,
            contact,
            identity,
            document,
            address,
          });
        } catch (caught) {
          request.log.error({ err: caught }, 'migration failed');
          throw error('processing_error');
        }
        return secureResponse(request, app.projects, { message: 'success', submissionId });
      },
    );
  };
}
