import type {
  EligibilityAssessedData,
  RandomisedData,
  ReferredData,
  StoredEvent,
  WithdrawnData,
} from '@ips/contracts';
import type { Referral } from './journey';
import type { FoldState } from './fold-state';
import { findingAbout } from './pending-finding';

export function applyReferral(state: FoldState, event: StoredEvent, data: ReferredData): void {
  const referral: Referral = {
    on: event.occurredOn,
    condition: data.condition,
    referralSource: data.referralSource,
    employmentStatus: data.employmentStatus,
  };
  // optional fields only when sent, so a stored journey round-trips through JSON unchanged
  if (data.ageBand !== undefined) referral.ageBand = data.ageBand;
  if (data.sex !== undefined) referral.sex = data.sex;
  state.referrals.push(referral);
}

export function applyAssessment(state: FoldState, event: StoredEvent, data: EligibilityAssessedData): void {
  state.assessments.push(
    data.reason === undefined
      ? { on: event.occurredOn, eligible: data.eligible }
      : { on: event.occurredOn, eligible: data.eligible, reason: data.reason },
  );
}

export function applyConsent(state: FoldState, event: StoredEvent): void {
  state.consents.push({ on: event.occurredOn });
}

/** The first randomisation fixes arm and t0; a site cannot re-randomise someone. */
export function applyRandomisation(state: FoldState, event: StoredEvent, data: RandomisedData): void {
  const first = state.randomisation;
  if (first === null) {
    state.randomisation = { on: event.occurredOn, arm: data.arm };
    state.randomisationEvent = event;
    return;
  }
  const code = first.arm === data.arm ? 'randomised_again_same_arm' : 'randomised_again_different_arm';
  state.findings.push(
    findingAbout(
      event,
      code,
      `Randomised again (to ${data.arm}) after the randomisation of ${first.on} (to ${first.arm}). ` +
        'The first randomisation stands; this one was ignored.',
    ),
  );
}

export function applyWithdrawal(state: FoldState, event: StoredEvent, data: WithdrawnData): void {
  const first = state.withdrawal;
  if (first === null) {
    state.withdrawal = { on: event.occurredOn, reason: data.reason };
    return;
  }
  state.findings.push(
    findingAbout(
      event,
      'withdrawn_again',
      `Withdrawn again after the withdrawal of ${first.on}. The first withdrawal date stands; this one was ignored.`,
    ),
  );
}
