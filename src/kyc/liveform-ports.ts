// What the Liveform needs from the submissions domain (issue 7), as a port: the HTTP layer adapts the domain's
// functions to it, so the Liveform never keeps a copy of submission state.

export type SubmissionStatus = 'incomplete' | 'pending' | 'approved' | 'rejected';

export interface SubmissionState {
  readonly status: SubmissionStatus;
  readonly deleted: boolean;
  readonly commentCodes?: readonly string[];
}

export interface LiveformSubmissionLookup {
  /** The submission's state, or undefined when it does not exist in this project. */
  state(projectId: string, submissionId: string): Promise<SubmissionState | undefined>;
}
