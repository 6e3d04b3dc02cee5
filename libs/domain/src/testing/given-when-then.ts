import type { CohortGranularity, StoredEvent } from '@ips/contracts';
import type { FindingCode } from '../journey/finding';
import { foldJourney } from '../journey/fold-journey';
import type { Journey } from '../journey/journey';
import { evaluateParticipant } from '../outcomes/evaluate-participant';
import type { ParticipantOutcome } from '../outcomes/participant-outcome';

// given(events).whenFolded().then(journey => ...)            the fold
// given(events).when(asOf).then((outcome, journey) => ...)    the participant at an as-of date

/** events, or lists of them nested to any depth (a participant's enrolment plus a job, say) */
type Events = StoredEvent | readonly Events[];

export function given(...events: Events[]) {
  const all = flatten(events);
  return {
    whenFolded() {
      const journey = foldJourney(all);
      return {
        then(assert: (journey: Journey) => void): void {
          assert(journey);
        },
        thenFindings(...codes: FindingCode[]): void {
          expect(journey.findings.map((f) => f.code)).toEqual(codes);
        },
      };
    },
    when(asOf: string, cohortBy: CohortGranularity = 'quarter') {
      const journey = foldJourney(all);
      const outcome = evaluateParticipant(journey, asOf, cohortBy);
      return {
        then(assert: (outcome: ParticipantOutcome | null, journey: Journey) => void): void {
          assert(outcome, journey);
        },
        /** the participant exists at asOf; the callback gets a non-null outcome */
        thenOutcome(assert: (outcome: ParticipantOutcome) => void): void {
          expect(outcome).not.toBeNull();
          if (outcome !== null) assert(outcome);
        },
      };
    },
  };
}

function flatten(events: readonly Events[]): StoredEvent[] {
  return events.flatMap((e) => (isEventList(e) ? flatten(e) : [e]));
}

function isEventList(e: Events): e is readonly Events[] {
  return Array.isArray(e);
}
