// The pure rules of the submissions domain, without engines or HTTP: dates and ages, names, the duplicate key,
// policies, the decision and the state machine.
import { describe, expect, it } from 'vitest';
import type { FaceImageReport } from '../../src/engine/face/types.js';
import { parseCustomOptions } from '../../src/http/argos/step-routes.js';
import { shieldNumber } from '../../src/http/argos/submission-views.js';
import { compactTimestamp, parseCompactTimestamp } from '../../src/http/argos/wire-format.js';
import { countryCode, issuerFromMrz, nationalityFromMrz } from '../../src/kyc/countries.js';
import { ageGroup, ageOn, isBeforeDay, isCalendarDate } from '../../src/kyc/dates.js';
import { faceRetries, finalStatus, overallScore } from '../../src/kyc/decision.js';
import { DEFAULT_THRESHOLDS } from '../../src/kyc/decision-thresholds.js';
import { missingFields } from '../../src/kyc/document-catalogue.js';
import { duplicateKey } from '../../src/kyc/duplicate-key.js';
import { namesMatch } from '../../src/kyc/name-match.js';
import { blocksAsDuplicate, checkPolicies, effectivePolicies } from '../../src/kyc/policies.js';
import { afterFailedAttempt, stepRefusal } from '../../src/kyc/state-machine.js';
import type { Submission } from '../../src/kyc/submission-model.js';
import { imageContentType, isEmail } from '../../src/kyc/uploads.js';

const now = new Date('2026-03-15T12:00:00Z');

describe('dates (argos.md §1.5-1.6)', () => {
  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('1999-11-31')).toBe(false);
    expect(isCalendarDate('1999-1-3')).toBe(false);
  });
  it('computes completed years and the age bands', () => {
    expect(ageOn('2008-03-15', now)).toBe(18);
    expect(ageOn('2008-03-16', now)).toBe(17);
    expect(ageGroup('2014-01-01', now)).toBe('minor');
    expect(ageGroup('2012-01-01', now)).toBe('early-teen');
    expect(ageGroup('2009-01-01', now)).toBe('teen');
    expect(ageGroup('2008-01-01', now)).toBe('adult');
    expect(ageGroup(undefined, now)).toBe('N/A');
    expect(isBeforeDay('2026-03-14', now)).toBe(true);
    expect(isBeforeDay('2026-03-15', now)).toBe(false);
  });
  it('writes and reads the compact timestamp', () => {
    const at = new Date('2025-11-12T02:23:13.588Z');
    expect(compactTimestamp(at)).toBe('2025-11-12-02-23-13-588');
    expect(parseCompactTimestamp('2025-11-12-02-23-13-588')?.toISOString()).toBe(at.toISOString());
    expect(parseCompactTimestamp('2025-11-12T02:23:13.588Z')).toBeUndefined();
  });
});

describe('countries (argos.md §1.7)', () => {
  it('takes ISO alpha-3 in any case, plus XKX and UTO; maps ICAO issuers', () => {
    expect(countryCode('kor')).toBe('KOR');
    expect(countryCode('XKX')).toBe('XKX');
    expect(countryCode('UTO')).toBe('UTO');
    expect(countryCode('ZZZ')).toBeUndefined();
    expect(issuerFromMrz('D<<')).toBe('DEU');
    expect(issuerFromMrz('GBD')).toBe('GBR');
    expect(nationalityFromMrz('XXA')).toBe('XXA');
    expect(nationalityFromMrz('UNO')).toBe('UNO');
  });
});

describe('name match', () => {
  it('matches any order, dropped middle names, diacritics and ICAO transliteration', () => {
    expect(namesMatch('Anna Maria Eriksson', 'ANNA MARIA ERIKSSON')).toBe(true);
    expect(namesMatch('Eriksson Anna', 'ANNA MARIA ERIKSSON')).toBe(true);
    expect(namesMatch('Müller Zoë', 'ZOE MUELLER')).toBe(true);
    expect(namesMatch('José Núñez', 'JOSE NUNEZ')).toBe(true);
    expect(namesMatch('Anna Maria Erikssonsdottir', 'ANNA MARIA ERIKSSONSDOT', true)).toBe(true);
  });
  it('refuses other names, extra names and a lone given name', () => {
    expect(namesMatch('John Smith', 'ANNA MARIA ERIKSSON')).toBe(false);
    expect(namesMatch('Anna Maria Eriksson Smith', 'ANNA MARIA ERIKSSON')).toBe(false);
    expect(namesMatch('Anna', 'ANNA MARIA ERIKSSON')).toBe(false);
    expect(namesMatch('Anna Maria Erikssonsdottir', 'ANNA MARIA ERIKSSONSDOT')).toBe(false);
  });
});

describe('duplicated_information (argos.md §5)', () => {
  const identity = {
    fullName: 'Jane Q  Sample',
    birthDate: '1990-04-12',
    gender: 'female' as const,
    nationality: 'USA',
  };
  it('is 32 hex characters, keyed, and NFKC-upper on the name', () => {
    const key = duplicateKey('secret-a', identity);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(duplicateKey('secret-a', { ...identity, fullName: 'JANE Q SAMPLE' })).toBe(key);
    expect(duplicateKey('secret-b', identity)).not.toBe(key);
    expect(duplicateKey('secret-a', { ...identity, gender: 'male' })).not.toBe(key);
  });
  it('is not set unless all four inputs are known', () => {
    expect(duplicateKey('s', { ...identity, nationality: undefined })).toBeNull();
  });
});

describe('policies (argos.md §4.3 step 2)', () => {
  const project = {
    blacklistCountries: ['PRK'],
    approvePeriodDays: 30,
    rejectPeriodDays: 7,
    ageLimit: 18,
    rejectDuplicateUser: false,
    acceptedIdTypes: ['passport'],
  };
  const facts = {
    idType: 'passport' as const,
    issuingCountries: ['USA'],
    nationality: 'USA',
    birthDate: '1990-01-01',
    expireDate: '2030-01-01',
    sameIdentity: [],
  };
  it('passes clean facts and names every broken rule in order', () => {
    const rules = effectivePolicies(project, {});
    expect(checkPolicies(rules, facts, now).reasons).toEqual([]);
    const verdict = checkPolicies(
      rules,
      {
        ...facts,
        idType: 'drivers_license',
        nationality: 'PRK',
        birthDate: '2010-01-01',
        expireDate: '2020-01-01',
      },
      now,
    );
    expect(verdict.reasons).toEqual([
      { code: 'expired_id' },
      { code: 'id_info_notOfAge', ageLimit: 18 },
      { code: 'id_info_blacklist', country: 'PRK' },
      { code: 'invalid_acceptedID' },
    ]);
    expect(checkPolicies(rules, { ...facts, birthDate: undefined }, now).reasons).toEqual([
      { code: 'no-date-of-birth' },
    ]);
  });
  it('lets customOptions switch rules off (and only off, except rejectDuplicateUser)', () => {
    const rules = effectivePolicies(project, {
      blacklistCountries: false,
      ageLimit: false,
      rejectDuplicateUser: true,
    });
    expect(rules.blacklist).toEqual([]);
    expect(rules.ageLimit).toBe(0);
    expect(rules.rejectDuplicateUser).toBe(true);
  });
  it('blocks duplicates within the periods, and any approved one with rejectDuplicateUser', () => {
    const rules = effectivePolicies(project, {});
    const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
    expect(
      blocksAsDuplicate({ id: 'a', status: 'approved', decidedAt: days(10), applicantId: 'x' }, rules, now),
    ).toBe(true);
    expect(
      blocksAsDuplicate({ id: 'a', status: 'approved', decidedAt: days(40), applicantId: 'x' }, rules, now),
    ).toBe(false);
    expect(
      blocksAsDuplicate({ id: 'a', status: 'rejected', decidedAt: days(3), applicantId: null }, rules, now),
    ).toBe(true);
    expect(
      blocksAsDuplicate({ id: 'a', status: 'rejected', decidedAt: days(8), applicantId: null }, rules, now),
    ).toBe(false);
    const strict = effectivePolicies({ ...project, rejectDuplicateUser: true }, {});
    expect(
      blocksAsDuplicate({ id: 'a', status: 'approved', decidedAt: days(400), applicantId: 'x' }, strict, now),
    ).toBe(true);
    const verdict = checkPolicies(
      rules,
      { ...facts, sameIdentity: [{ id: 'a', status: 'approved', decidedAt: days(1), applicantId: 'app1' }] },
      now,
    );
    expect(verdict).toEqual({ reasons: [{ code: 'duplicate_user' }], matchedApplicantId: 'app1' });
  });
});

describe('decision (argos.md §4.3 steps 3 and 5)', () => {
  const selfie = (faceCount: number, reasons: string[] = [], embedding = true) =>
    ({
      analysis: {
        faces: [],
        face: null,
        embedding: embedding ? { model: 'm', vector: new Float32Array(2) } : null,
      },
      quality: { faceCount, reasons },
      passive: null,
    }) as unknown as FaceImageReport;
  const live = { score: 90, decision: 'LIVE' as const, passive: null, challenge: null, notes: [] };
  const match = { similarity: 0.9, match: true, raw: 0.3, model: 'm' };
  it('turns face problems into retry codes', () => {
    expect(
      faceRetries({ selfie: selfie(0, [], false), comparison: null, liveness: live }, DEFAULT_THRESHOLDS),
    ).toEqual([{ code: 'face_not_detected' }]);
    expect(faceRetries({ selfie: selfie(2), comparison: match, liveness: live }, DEFAULT_THRESHOLDS)).toEqual(
      [{ code: 'multiple_faces' }],
    );
    expect(
      faceRetries(
        { selfie: selfie(1, ['FACE_TOO_CLOSE_SELFIE_IMAGE']), comparison: match, liveness: live },
        DEFAULT_THRESHOLDS,
      ),
    ).toEqual([{ code: 'liveness_error', detail: 'too_close' }]);
    expect(
      faceRetries(
        { selfie: selfie(1, ['FACE_TOO_FAR_SELFIE_IMAGE']), comparison: match, liveness: live },
        DEFAULT_THRESHOLDS,
      ),
    ).toEqual([{ code: 'liveness_error', detail: 'too_small' }]);
    expect(
      faceRetries(
        {
          selfie: selfie(1),
          comparison: { ...match, match: false },
          liveness: { ...live, score: 20, decision: 'NOT_LIVE' },
        },
        DEFAULT_THRESHOLDS,
      ),
    ).toEqual([{ code: 'liveness_error' }, { code: 'face_compare_underscore' }]);
  });
  it('approves above the grey zones in system mode, else leaves it pending', () => {
    const good = { faceSimilarity: 90, liveness: 90, recognition: 95 };
    expect(finalStatus('system', good, DEFAULT_THRESHOLDS)).toBe('approved');
    expect(finalStatus('client', good, DEFAULT_THRESHOLDS)).toBe('pending');
    expect(finalStatus('system', { ...good, faceSimilarity: 72 }, DEFAULT_THRESHOLDS)).toBe('pending');
    expect(finalStatus('system', { ...good, liveness: 55 }, DEFAULT_THRESHOLDS)).toBe('pending');
    expect(finalStatus('system', { ...good, recognition: undefined }, DEFAULT_THRESHOLDS)).toBe('pending');
    expect(finalStatus('system', { liveness: 90, recognition: 95 }, DEFAULT_THRESHOLDS)).toBe('pending');
    expect(overallScore(good)).toBe(Math.round(0.4 * 90 + 0.3 * 90 + 0.3 * 95));
    expect(overallScore({ liveness: 90 })).toBeUndefined();
  });
});

describe('state machine (argos.md §4.1)', () => {
  const base = {
    id: 'abc',
    projectId: 'p',
    status: 'incomplete',
    deletedAt: null,
    step2Started: false,
    createdAt: new Date(now.getTime() - 3_600_000),
  } as unknown as Submission;
  it('allows steps for 4 hours on an incomplete submission of the project', () => {
    expect(stepRefusal(base, 'p', now, 1)).toBeUndefined();
    expect(stepRefusal(base, 'q', now, 1)).toBe('unknown');
    expect(stepRefusal(undefined, 'p', now, 1)).toBe('unknown');
    expect(stepRefusal({ ...base, status: 'approved' }, 'p', now, 2)).toBe('alreadyProcessed');
    expect(stepRefusal({ ...base, step2Started: true }, 'p', now, 1)).toBe('alreadyProcessed');
    expect(stepRefusal({ ...base, step2Started: true }, 'p', now, 2)).toBeUndefined();
    expect(stepRefusal({ ...base, createdAt: new Date(now.getTime() - 5 * 3_600_000) }, 'p', now, 2)).toBe(
      'expired',
    );
  });
  it('rejects on the third failed attempt', () => {
    expect(afterFailedAttempt(0)).toEqual({ retryCount: 1, status: 'incomplete', reasons: [] });
    expect(afterFailedAttempt(2)).toEqual({
      retryCount: 3,
      status: 'rejected',
      reasons: [{ code: 'too_many_retry' }],
    });
  });
});

describe('inputs', () => {
  it('parses customOptions (argos.md §4.2)', () => {
    expect(parseCustomOptions(undefined)).toBeUndefined();
    expect(
      parseCustomOptions('{"ageLimit":false,"approvePeriod":true,"rejectDuplicateUser":true,"x":true}'),
    ).toEqual({
      ageLimit: false,
      rejectDuplicateUser: true,
    });
    expect(parseCustomOptions('{"ageLimit":0}')).toBe('invalid');
    expect(parseCustomOptions('null')).toBe('invalid');
  });
  it('checks images by magic bytes and size, e-mails by form', () => {
    expect(imageContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 10)).toEqual({ type: 'image/jpeg' });
    expect(imageContentType(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), 10)).toEqual({ type: 'image/png' });
    expect(imageContentType(Buffer.from('GIF89a'), 10)).toEqual({ problem: 'notImage' });
    expect(imageContentType(Buffer.alloc(11, 0xff), 10)).toEqual({ problem: 'tooLarge' });
    expect(isEmail('jane@example.com')).toBe(true);
    expect(isEmail('jane@example')).toBe(false);
    expect(isEmail(`${'a'.repeat(250)}@b.co`)).toBe(false);
  });
  it('masks identity numbers under the privacy shield, lists missing fields', () => {
    expect(shieldNumber('900101-1234567')).toBe('9*****-1******');
    expect(
      missingFields(
        { name: true, birthDate: true, issueDate: true, identityNumber: false },
        new Set(['fullName', 'birthDate']),
      ),
    ).toEqual(['issueDate']);
  });
});
