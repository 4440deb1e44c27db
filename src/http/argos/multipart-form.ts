import type { FastifyRequest } from 'fastify';

// Reads a multipart/form-data body into memory within limits: text fields and file parts by name. A file larger
// than `maxFileBytes` is cut at maxFileBytes + 1 bytes, so the caller sees it is too large without the server
// holding more than that (the scope registers the parser with throwFileSizeLimit off).

export interface FormFile {
  readonly bytes: Buffer;
  readonly filename: string | undefined;
}

export interface MultipartForm {
  readonly fields: ReadonlyMap<string, string[]>;
  readonly files: ReadonlyMap<string, FormFile[]>;
}

export interface FormLimits {
  readonly maxFileBytes: number;
  readonly maxFieldBytes: number;
  readonly maxFiles: number;
}

export class FormError extends Error {
  override name = 'FormError';
}

export async function readMultipartForm(request: FastifyRequest, limits: FormLimits): Promise<MultipartForm> {
  if (!request.isMultipart()) throw new FormError('the body is not multipart/form-data');
  const fields = new Map<string, string[]>();
  const files = new Map<string, FormFile[]>();
  try {
    const parts = request.parts({
      limits: {
        fileSize: limits.maxFileBytes + 1,
        fieldSize: limits.maxFieldBytes,
        files: limits.maxFiles,
        fields: 100,
        parts: 100 + limits.maxFiles,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        const list = files.get(part.fieldname) ?? [];
        list.push({ bytes, filename: part.filename || undefined });
        files.set(part.fieldname, list);
      } else {
        const list = fields.get(part.fieldname) ?? [];
        list.push(typeof part.value === 'string' ? part.value : String(part.value ?? ''));
        fields.set(part.fieldname, list);
      }
    }
  } catch (error) {
    throw new FormError(`malformed multipart body: ${(error as Error).message}`);
  }
  return { fields, files };
}

/** The single text value of a field; the last one when repeated. Empty text counts as absent. */
export function textField(form: MultipartForm, name: string): string | undefined {
  const value = form.fields.get(name)?.at(-1)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function fileField(form: MultipartForm, name: string): FormFile | undefined {
  return form.files.get(name)?.at(-1);
}
