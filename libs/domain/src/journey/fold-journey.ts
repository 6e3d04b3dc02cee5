import type { StoredEvent } from '@ips/contracts';
import { applyEvent } from './apply-event';
import { applyRetractions } from './apply-retractions';
import { dropDuplicateEvents } from './drop-duplicate-events';
import { emptyFoldState } from './fold-state';
import { byFoldOrder } from './fold-order';
import { jobBeforeReferralChecks, missingReferralCheck, randomisationChecks } from './journey-checks';
import type { Journey } from './journey';
import { JourneyFoldError } from './journey-fold-error';
import { inFoldOrder } from './pending-finding';

/**
 * One participant's journey from all of its stored events, in any order and with any
 * redeliveries (DESIGN §5, domain-spec "The fold"). The result depends only on the set
 * of events and their seqs, never on the order they are passed in.
 */
export function foldJourney(events: readonly StoredEvent[]): Journey {
  const identity = participantIdentity(events);
  const unique = dropDuplicateEvents(events);
  const { remaining, retractedCount, findings: retractionFindings } = applyRetractions(unique);
  const folded = remaining.sort(byFoldOrder);

  const state = emptyFoldState();
  for (const event of folded) applyEvent(state, event);

  const findings = inFoldOrder([
    ...retractionFindings,
    ...state.findings,
    ...randomisationChecks(state),
    ...jobBeforeReferralChecks(state),
    ...missingReferralCheck(state, folded[0]),
  ]);

  return {
    ...identity,
    eventCount: unique.length,
    retractedCount,
    referrals: state.referrals,
    assessments: state.assessments,
    consents: state.consents,
    randomisation: state.randomisation,
    withdrawal: state.withdrawal,
    jobs: [...state.jobs.values()],
    ...(Object.keys(state.wellbeing).length > 0 ? { wellbeing: state.wellbeing } : {}),
    findings,
    firstEventOn: folded[0]?.occurredOn ?? null,
  };
}

function participantIdentity(
  events: readonly StoredEvent[],
): Pick<Journey, 'trialId' | 'siteId' | 'participantId'> {
  const first = events[0];
  if (first === undefined) throw new JourneyFoldError('a journey needs at least one event');
  const { trialId, siteId, participantId } = first;
  for (const event of events) {
    if (event.siteId !== siteId || event.participantId !== participantId || event.trialId !== trialId) {
      throw new JourneyFoldError(
        `events of more than one participant were folded together (event ${event.eventId})`,
      );
    }
  }
  return { trialId, siteId, participantId };
}
