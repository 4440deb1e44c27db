// Why a submission use case refused its input. The HTTP edge maps each problem to its endpoint's vendor error
// family and text; the domain only names the problem.

export type SubmissionProblem =
  | {
      kind: 'invalidInput';
      field: string;
      reason: 'missing' | 'format' | 'unknown' | 'tooLarge' | 'notImage';
    }
  | { kind: 'unknownSubmission' }
  | { kind: 'otherProject' }
  | { kind: 'expired' }
  | { kind: 'alreadyProcessed' }
  | { kind: 'step1Incomplete' }
  | { kind: 'duplicateApproved'; email: string }
  | { kind: 'notAdmin' }
  | { kind: 'notPending' }
  | { kind: 'reviewNotAllowed' }
  | { kind: 'projectUnavailable' }
  | { kind: 'engineFailed' }
  | { kind: 'storageFailed' }
  | { kind: 'concurrentChange' };

export class SubmissionError extends Error {
  override name = 'SubmissionError';
  constructor(readonly problem: SubmissionProblem) {
    super(problem.kind);
  }
}

export function refuse(problem: SubmissionProblem): never {
  throw new SubmissionError(problem);
}
