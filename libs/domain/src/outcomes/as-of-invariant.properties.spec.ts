import type { CohortGranularity, StoredEvent } from '@ips/contracts';
import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import { FIRST_DAY, LAST_DAY_OFFSET, participantEventsArb } from '../testing/journey-arbitraries';
import { evaluateParticipant } from './evaluate-participant';

/**
 * The history as it stood at asOf: retractions applied first (a retraction takes its target
 * out whatever either is dated), then only events dated on or before asOf. Written out here
 * from domain-spec.md rather than reusing the fold's code, so the two can disagree.
 */
function historyAsOf(events: readonly StoredEvent[], asOf: string): StoredEvent[] {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const retracted = new Set<string>();
  for (const e of events) {
    if (e.type !== 'event.retracted') continue;
    const target = byId.get(e.data.retractedEventId);
    if (target !== undefined && target.type !== 'event.retracted') retracted.add(target.eventId);
  }
  return events.filter((e) => !retracted.has(e.eventId) && e.occurredOn <= asOf);
}

describe('the as-of invariant (domain-spec.md)', () => {
  it('evaluates the full journey at A exactly as the journey of the events known by A', () => {
    fc.assert(
      fc.property(
        participantEventsArb(),
        fc.integer({ min: -5, max: LAST_DAY_OFFSET + 400 }),
        fc.constantFrom<CohortGranularity>('month', 'quarter', 'year'),
        (events, offset, cohortBy) => {
          const asOf = addDays(FIRST_DAY, offset);
          const full = evaluateParticipant(foldJourney(events), asOf, cohortBy);
          const past = historyAsOf(events, asOf);
          const expected = past.length === 0 ? null : evaluateParticipant(foldJourney(past), asOf, cohortBy);
          expect(full).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
