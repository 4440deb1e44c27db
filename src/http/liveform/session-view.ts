import { type IdType, offeredCountries, offeredIdTypes } from '../../kyc/liveform-params.js';
import type { LiveformSession, ReviewValue } from '../../kyc/liveform-sessions.js';
import type { Project } from '../../kyc/projects.js';
import type { PageResult } from './liveform-flow.js';

// What the page learns about its session (GET /liveform/api/s/:sid). No personal data beyond what the applicant
// is looking at: the values Step 1 read, while they review them.

/** Documents whose back is captured too: ID-1 cards carry their MRZ or barcode there (argos.md §4.2 idBackImage). */
const BACK_SIDE: readonly IdType[] = ['government_id', 'residence_permit', 'drivers_license'];

export interface SessionView {
  readonly lang: string;
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
    backSide: BACK_SIDE,
    handedOff: session.handoff?.claimedAt !== undefined,
    ...(session.stage === 'review' && state.review ? { review: state.review } : {}),
    ...(result ? { result } : {}),
  };
}
