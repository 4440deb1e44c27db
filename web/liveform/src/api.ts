// The page's calls to the Liveform session API (src/http/liveform). The session id in the path is the
// capability; nothing else identifies the applicant.

export type IdType =
  | 'passport'
  | 'government_id'
  | 'drivers_license'
  | 'residence_permit'
  | 'vehicle_registration_certificate'
  | 'visa'
  | 'aadhaar'
  | 'pancard';
export type Stage = 'start' | 'document' | 'review' | 'selfie' | 'done' | 'error';
export type Prompt = 'blink' | 'turn_left' | 'turn_right';
export type KycStatus = 'incomplete' | 'pending' | 'approved' | 'rejected';

export interface ReviewField {
  readonly key: string;
  readonly value: string;
  readonly accepted: boolean;
}

export interface Result {
  readonly status: KycStatus;
  readonly comments?: readonly string[];
  readonly returnUrl?: string;
  readonly errorCode?: string;
}

export interface SessionView {
  readonly lang: 'en' | 'ko' | 'es';
  /** `address`: an address injection (argos.md §14.5) instead of a verification. */
  readonly mode: 'verify' | 'address';
  readonly stage: Stage;
  readonly colors: { readonly main?: string; readonly inner?: string };
  readonly emailNeeded: boolean;
  readonly countries: { readonly only?: readonly string[]; readonly except: readonly string[] };
  readonly idTypes: readonly IdType[];
  readonly selected: { readonly country?: string; readonly idType?: IdType };
  readonly backSide: readonly IdType[];
  readonly handedOff: boolean;
  readonly attemptsLeft: number;
  readonly review?: readonly ReviewField[];
  readonly result?: Result;
}

export interface Retry {
  readonly outcome: 'retry';
  readonly messages: readonly string[];
  readonly attemptsLeft: number;
}
export type DocumentOutcome =
  | { readonly outcome: 'review'; readonly review: readonly ReviewField[] }
  | Retry
  | { readonly outcome: 'result'; readonly result: Result };
export type SelfieOutcome = Retry | { readonly outcome: 'result'; readonly result: Result };

export interface Handoff {
  readonly url: string;
  readonly code: string;
  readonly qrSvg: string;
  readonly expiresAt: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

const base = (sid: string) => `/liveform/api/s/${encodeURIComponent(sid)}`;

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', cache: 'no-store', ...init });
  } catch {
    throw new ApiError(0, 'network');
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new ApiError(response.status, body.error ?? 'unknown');
  return body as T;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const api = {
  session: (sid: string) => call<SessionView>(base(sid)),
  start: (sid: string, email?: string) =>
    call<SessionView>(`${base(sid)}/start`, json(email ? { email } : {})),
  handoff: (sid: string) => call<Handoff>(`${base(sid)}/handoff`, json({})),
  document(sid: string, country: string, idType: IdType, front: Blob, back?: Blob): Promise<DocumentOutcome> {
    const form = new FormData();
    form.append('issuingCountry', country);
    form.append('idType', idType);
    form.append('idImage', front, 'front.jpg');
    if (back) form.append('idBackImage', back, 'back.jpg');
    return call<DocumentOutcome>(`${base(sid)}/document`, { method: 'POST', body: form });
  },
  review: (sid: string, fields: Record<string, string>) =>
    call<SessionView>(`${base(sid)}/review`, json({ fields })),
  challenge: (sid: string) => call<{ prompt: Prompt }>(`${base(sid)}/challenge`, json({})),
  selfie(sid: string, face: Blob, frames: readonly Blob[]): Promise<SelfieOutcome> {
    const form = new FormData();
    form.append('faceImage', face, 'face.jpg');
    for (const [i, frame] of frames.entries()) form.append('frame', frame, `frame${i}.jpg`);
    return call<SelfieOutcome>(`${base(sid)}/selfie`, { method: 'POST', body: form });
  },
  /** Step 2 with an uploaded photo: no liveness frames, so the passive check only. */
  selfieUpload(sid: string, face: Blob): Promise<SelfieOutcome> {
    const form = new FormData();
    form.append('faceImage', face, 'face.jpg');
    return call<SelfieOutcome>(`${base(sid)}/selfie-upload`, { method: 'POST', body: form });
  },
  address(
    sid: string,
    fields: Record<string, string>,
    image: Blob,
  ): Promise<{ outcome: 'result'; result: Result }> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('addressImage', image, 'address.jpg');
    return call(`${base(sid)}/address`, { method: 'POST', body: form });
  },
  eventsUrl: (sid: string) => `${base(sid)}/events`,
};
