import type { StoredEvent } from '@ips/contracts';
import { latestOnOrBefore } from './dated-history';
import type { FoldState } from './fold-state';
import { findingAbout, type PendingFinding } from './pending-finding';

// Checks that look at the whole folded history rather than one step of it: "before"
// here means dated on or before, because two events on the same day are in the order
// the site happened to send them, not the order they happened.

export function randomisationChecks(state: FoldState): PendingFinding[] {
  const randomisation = state.randomisation;
  const event = state.randomisationEvent;
  if (randomisation === null || event === null) return [];
  const on = randomisation.on;
  const findings: PendingFinding[] = [];

  if (!state.referrals.some((r) => r.on <= on)) {
    findings.push(
      findingAbout(
        event,
        'randomised_without_referral',
        'Randomised with no referral on or before that date.',
      ),
    );
  }
  if (!state.consents.some((c) => c.on <= on)) {
    findings.push(
      findingAbout(event, 'randomised_without_consent', 'Randomised with no consent on or before that date.'),
    );
  }
  const assessment = latestOnOrBefore(state.assessments, on);
  if (assessment !== null && !assessment.eligible) {
    findings.push(
      findingAbout(
        event,
        'randomised_when_ineligible',
        `Randomised although the latest eligibility assessment on or before that date (${assessment.on}) found the person ineligible.`,
      ),
    );
  }
  return findings;
}

/** A job dated before the first referral; with no referral at all, missing_referral says it instead. */
export function jobBeforeReferralChecks(state: FoldState): PendingFinding[] {
  const firstReferral = state.referrals[0];
  if (firstReferral === undefined) return [];
  return state.jobStartEvents
    .filter((e) => e.occurredOn < firstReferral.on)
    .map((e) =>
      findingAbout(
        e,
        'job_before_referral',
        `This job start is dated before the first referral (${firstReferral.on}). It is still folded; ` +
          'it counts towards outcomes only if it falls inside the follow-up window.',
      ),
    );
}

/** Anchored on the earliest folded event, the one a referral should have preceded. */
export function missingReferralCheck(
  state: FoldState,
  firstFolded: StoredEvent | undefined,
): PendingFinding[] {
  if (firstFolded === undefined || state.referrals.length > 0) return [];
  return [
    findingAbout(
      firstFolded,
      'missing_referral',
      'No referral has been received for this participant, so condition, employment status and (before randomisation) cohort are unknown.',
    ),
  ];
}
