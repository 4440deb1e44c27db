// A thin ARGOS client for the integration tests: real HTTP requests (fetch, FormData) to the test server.
import { TEST_API_KEY } from '../../support/app.js';

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

export interface ArgosClient {
  multipart(
    method: string,
    path: string,
    fields: Record<string, string | Uint8Array | undefined>,
  ): Promise<Answer>;
  json(method: string, path: string, body?: unknown, contentType?: string): Promise<Answer>;
  query(method: string, path: string, params?: Record<string, string | undefined> | string): Promise<Answer>;
  raw(path: string): Promise<Response>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body, headers: response.headers };
}

export function argosClient(baseUrl: string, apiKey = TEST_API_KEY): ArgosClient {
  const headers = { 'x-api-key': apiKey };
  return {
    async multipart(method, path, fields) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        if (typeof value === 'string') form.append(name, value);
        else form.append(name, new Blob([value], { type: 'application/octet-stream' }), `${name}.jpg`);
      }
      return answer(await fetch(`${baseUrl}${path}`, { method, headers, body: form }));
    },
    async json(method, path, body, contentType = 'application/json') {
      return answer(
        await fetch(`${baseUrl}${path}`, {
          method,
          headers: { ...headers, 'content-type': contentType },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    },
    async query(method, path, params) {
      const search =
        typeof params === 'string'
          ? params
          : new URLSearchParams(
              Object.entries(params ?? {}).filter(
                (entry): entry is [string, string] => entry[1] !== undefined,
              ),
            ).toString();
      return answer(await fetch(`${baseUrl}${path}${search ? `?${search}` : ''}`, { method, headers }));
    },
    raw: (path) => fetch(`${baseUrl}${path}`, { headers }),
  };
}
