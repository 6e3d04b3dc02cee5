import type { StoredEvent } from '@ips/contracts';
import { assertNever } from '../assert-never';
import {
  applyAssessment,
  applyConsent,
  applyRandomisation,
  applyReferral,
  applyWithdrawal,
} from './apply-participant-event';
import {
  applyJobEnded,
  applyJobHoursChanged,
  applyJobStarted,
  applyRetentionChecked,
} from './apply-job-event';
import { applyWellbeingMeasured } from './apply-wellbeing-event';
import { eventLabel } from './event-label';
import type { FoldState } from './fold-state';
import { findingAbout } from './pending-finding';

/** One step of the fold. Events must arrive in fold order; retractions are applied before. */
export function applyEvent(state: FoldState, event: StoredEvent): void {
  // Withdrawal does not end the record: sites may report a job found after someone left
  // the trial, and an evaluator decides what to make of it. So fold, but flag.
  const withdrawal = state.withdrawal;
  const afterWithdrawal = withdrawal !== null && event.occurredOn > withdrawal.on;

  switch (event.type) {
    case 'participant.referred':
      applyReferral(state, event, event.data);
      break;
    case 'participant.eligibility_assessed':
      applyAssessment(state, event, event.data);
      break;
    case 'participant.consented':
      applyConsent(state, event);
      break;
    case 'participant.randomised':
      applyRandomisation(state, event, event.data);
      break;
    case 'participant.withdrawn':
      applyWithdrawal(state, event, event.data);
      break;
    case 'job.started':
      applyJobStarted(state, event, event.data);
      break;
    case 'job.hours_changed':
      applyJobHoursChanged(state, event, event.data);
      break;
    case 'job.ended':
      applyJobEnded(state, event, event.data);
      break;
    case 'job.retention_checked':
      applyRetentionChecked(state, event, event.data);
      break;
    case 'wellbeing.measured':
      applyWellbeingMeasured(state, event, event.data);
      break;
    case 'event.retracted':
      // applyRetractions has already removed retractions and their targets
      return;
    default:
      assertNever(event, 'event type');
  }

  if (afterWithdrawal && withdrawal !== null) {
    state.findings.push(
      findingAbout(
        event,
        'event_after_withdrawal',
        `This ${eventLabel(event.type)} is dated after the withdrawal of ${withdrawal.on}. ` +
          'It is still counted; retract it if it should not be.',
      ),
    );
  }
}
