import fc from 'fast-check';
import {
  buildEvents,
  distinctDaySpecsArb,
  participantEventsArb,
  permutationArb,
} from '../testing/journey-arbitraries';
import { foldJourney } from './fold-journey';

// CONVENTIONS: "applied twice = applied once" and "shuffled arrival = sorted arrival".

describe('foldJourney properties', () => {
  it('gives the same journey for any arrival order and any redeliveries (seq travels with the event)', () => {
    const arrivals = participantEventsArb().chain((events) =>
      fc.record({
        events: fc.constant(events),
        arrival: permutationArb(events),
        redelivered: fc.subarray(events),
        resentLater: fc.subarray(events),
      }),
    );
    fc.assert(
      fc.property(arrivals, ({ events, arrival, redelivered, resentLater }) => {
        // a redelivery keeps its seq; a re-send of the same event is stored again later, with a higher seq
        const again = [
          ...redelivered.map((e) => ({ ...e })),
          ...resentLater.map((e) => ({ ...e, seq: e.seq + 10_000 })),
        ];
        const mixed = [...again, ...arrival].reverse();
        expect(foldJourney(mixed)).toEqual(foldJourney(events));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same journey for any arrival order with fresh seqs when no two events share a day', () => {
    const arrivals = distinctDaySpecsArb().chain((specs) => {
      const events = buildEvents(specs);
      return fc.record({
        events: fc.constant(events),
        arrival: permutationArb([...events, ...events.slice(0, 3)]),
      });
    });
    fc.assert(
      fc.property(arrivals, ({ events, arrival }) => {
        const freshSeqs = arrival.map((e, i) => ({ ...e, seq: i + 1 }));
        expect(foldJourney(freshSeqs)).toEqual(foldJourney(events));
      }),
      { numRuns: 300 },
    );
  });

  it('is plain data: a journey survives a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(participantEventsArb(), (events) => {
        const journey = foldJourney(events);
        expect(JSON.parse(JSON.stringify(journey))).toEqual(journey);
      }),
      { numRuns: 100 },
    );
  });
});
