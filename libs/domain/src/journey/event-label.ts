import type { EventType } from '@ips/contracts';
import { assertNever } from '../assert-never';

/** How a data manager would name an event type in a sentence. */
export function eventLabel(type: EventType): string {
  switch (type) {
    case 'participant.referred':
      return 'referral';
    case 'participant.eligibility_assessed':
      return 'eligibility assessment';
    case 'participant.consented':
      return 'consent';
    case 'participant.randomised':
      return 'randomisation';
    case 'participant.withdrawn':
      return 'withdrawal';
    case 'job.started':
      return 'job start';
    case 'job.hours_changed':
      return 'change of job hours';
    case 'job.ended':
      return 'job end';
    case 'job.retention_checked':
      return 'job retention check';
    case 'event.retracted':
      return 'retraction';
    case 'wellbeing.measured':
      return 'wellbeing measurement';
    default:
      return assertNever(type, 'event type');
  }
}
