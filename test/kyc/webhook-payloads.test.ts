// The ARGOS bodies of the events no HTTP test drives to a receiver: injection (compact action time) and
// token_expired (argos.md §15.4-15.5).
import { describe, expect, it } from 'vitest';
import { submissionPayload } from '../../src/http/argos/submission-webhooks.js';
import type { SubmissionSnapshot } from '../../src/kyc/submission-events.js';

const snapshot: SubmissionSnapshot = {
  submissionId: '6xx28lo115832',
  status: 'approved',
  idType: 'passport',
  createdAt: '2025-11-12T02:23:13.588Z',
  updatedAt: '2025-11-13T09:00:00.000Z',
  contact: { email: 'jane@example.com', userid: 'user_12345', cf1: 'campaign-7' },
  identity: { fullName: 'Jane Q Sample' },
  ageGroup: 'adult',
  document: {},
  applicantId: 'q8w2e4r6t0y1u',
  reasons: [],
  additionalList: [],
};

describe('ARGOS webhook payloads', () => {
  it('injection: action with the compact time, flat cf1-cf3', () => {
    expect(
      submissionPayload({
        kind: 'submission',
        event: 'injection',
        data: { snapshot, action: { type: 'address', at: '2025-11-13T09:00:00.000Z' } },
      }),
    ).toEqual({
      webhook_trigger: 'injection',
      action: { type: 'address', created_at: '2025-11-13-09-00-00-000' },
      submission_id: '6xx28lo115832',
      email: 'jane@example.com',
      kyc_status: 'approved',
      applicant_id: 'q8w2e4r6t0y1u',
      userid: 'user_12345',
      cf1: 'campaign-7',
    });
  });

  it('token_expired by count and by time', () => {
    const at = '2025-11-12T02:25:40.102Z';
    expect(
      submissionPayload({
        kind: 'submission',
        event: 'token_expired',
        data: { tokenId: 'user-session-001', condition: 'count', at },
      }),
    ).toEqual({
      webhook_trigger: 'token_expired',
      token_id: 'user-session-001',
      expired_condition: 'count',
      expired_at: at,
      service: 'idCheck',
    });
    expect(
      submissionPayload({
        kind: 'submission',
        event: 'token_expired',
        data: { tokenId: 't-00000001', condition: 'time', at },
      }),
    ).toMatchObject({ expired_condition: 'time', expected_expired_at: at });
  });

  it('refuses an event it does not know', () => {
    expect(() => submissionPayload({ kind: 'submission', event: 'exploded', data: {} })).toThrow(
      /no ARGOS payload/,
    );
  });
});
