import { idTypesWithBackSide } from '../../engine/documents/catalogue.js';
import { type IdType, offeredCountries, offeredIdTypes } from '../../kyc/liveform-params.js';
import type { LiveformSession, ReviewValue } from '../../kyc/liveform-sessions.js';
import type { Project } from '../../kyc/projects.js';
import type { PageResult } from './liveform-flow.js';

// What the page learns about its session (GET /liveform/api/s/:sid). No personal data beyond what the applicant
// is looking at: the values Step 1 read, while they review them.

export interface SessionView {
  readonly lang: string;
  /** `address`: the address injection of argos.md §14.5 (an address and its document for an existing
   * submission) instead of a verification. */
  readonly mode: 'verify' | 'address';
  readonly stage: string;
  readonly colors: { readonly main?: string; readonly inner?: string };
  readonly emailNeeded: boolean;
  readonly countries: { readonly only?: readonly string[]; readonly except: readonly string[] };
  readonly idTypes: readonly IdType[];
  readonly selected: { readonly country?: string; readonly idType?: IdType };
  readonly backSide: readonly IdType[];
  readonly handedOff: boolean;
  readonly review?: readonly ReviewValue[];
  readonly result?: PageResult & { readonly errorCode?: string };
}

export function sessionView(
  session: LiveformSession,
  project: Project,
  result: (PageResult & { errorCode?: string }) | undefined,
): SessionView {
  const { params, state } = session;
  return {
    lang: session.lang,
    mode: params.injection ? 'address' : 'verify',
    stage: session.stage,
    colors: {
      ...(params.mainColor ? { main: params.mainColor } : {}),
      ...(params.innerColor ? { inner: params.innerColor } : {}),
    },
    emailNeeded: !params.email && !state.email,
    countries: offeredCountries(params, project.settings),
    idTypes: offeredIdTypes(params, project.settings),
    selected: {
      ...(params.selectedIssuingCountry ? { country: params.selectedIssuingCountry } : {}),
      ...(params.selectedIdType ? { idType: params.selectedIdType } : {}),
    },
    // Documents whose back is captured too (argos.md §4.2 idBackImage), as the engine's document models say.
    backSide: idTypesWithBackSide(params.selectedIssuingCountry),
    handedOff: session.handoff?.claimedAt !== undefined,
    ...(session.stage === 'review' && state.review ? { review: state.review } : {}),
    ...(result ? { result } : {}),
  };
}
