import fc from 'fast-check';
import { validateEnvelope } from '@ips/contracts';
import { TrialSimulation, type MessRates, type SimulationOptions } from './index';
import { isoDay, toDayNumber } from './trial-calendar';

// Whatever the seed and the shape of the trial, the simulator sends only what the ingest
// accepts (unless asked for invalid copies), never from the future, in upload order.

const NOW = new Date('2025-03-15T08:00:00Z');
const TODAY = '2025-03-15';
const TODAY_DAY = toDayNumber(TODAY);

const rate = fc.double({ min: 0, max: 0.3, noNaN: true });
const mess: fc.Arbitrary<MessRates> = fc.record({
  duplicate: rate,
  late: rate,
  outOfOrder: rate,
  correction: rate,
  stateProblem: rate,
  invalid: fc.constant(0),
});

const options: fc.Arbitrary<SimulationOptions> = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  participants: fc.integer({ min: 0, max: 60 }),
  // from 2000 (the earliest date the ingest accepts) up to today: trials long over and still running
  startDate: fc.integer({ min: toDayNumber('2000-01-01'), max: TODAY_DAY }).map(isoDay),
  recruitmentMonths: fc.integer({ min: 1, max: 24 }),
  followUpMonths: fc.integer({ min: 1, max: 30 }),
  eligibleRate: fc.double({ min: 0, max: 1, noNaN: true }),
  consentRate: fc.double({ min: 0, max: 1, noNaN: true }),
  ipsShare: fc.double({ min: 0, max: 1, noNaN: true }),
  usualCareJobRate: fc.double({ min: 0.01, max: 0.95, noNaN: true }),
  ipsHazardRatio: fc.double({ min: 0.2, max: 5, noNaN: true }),
  medianJobDays: fc.double({ min: 1, max: 1000, noNaN: true }),
  withdrawalRate: fc.double({ min: 0, max: 1, noNaN: true }),
  mess,
});

describe('TrialSimulation (properties)', () => {
  it('gives only valid envelopes, never dated or uploaded after today, in upload order, for any seed and shape', () => {
    fc.assert(
      fc.property(options, (opts) => {
        const simulation = new TrialSimulation(opts, NOW);
        let previous = -Infinity;
        const sent = new Map<string, string>();
        for (const u of simulation.uploads()) {
          const check = validateEnvelope(u.envelope, { latestOccurredOn: TODAY });
          if (!check.ok)
            throw new Error(`rejected: ${JSON.stringify(u.envelope)} ${JSON.stringify(check.errors)}`);
          if (!u.valid || u.uploadDay < previous || u.uploadDay > TODAY_DAY) return false;
          if (toDayNumber(u.envelope.occurredOn) > u.uploadDay) return false;
          // an eventId is only ever reused for the very same content (a duplicate)
          const json = JSON.stringify(u.envelope);
          const earlier = sent.get(u.envelope.eventId);
          if (earlier !== undefined && earlier !== json) return false;
          sent.set(u.envelope.eventId, json);
          previous = u.uploadDay;
        }
        return simulation.stats.events >= simulation.stats.participants;
      }),
      { numRuns: 150 },
    );
  });

  it('with an invalid rate, marks exactly the envelopes the ingest rejects as invalid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        (seed, invalid) => {
          const simulation = new TrialSimulation({ seed, participants: 30, mess: { invalid } }, NOW);
          for (const u of simulation.uploads()) {
            if (validateEnvelope(u.envelope, { latestOccurredOn: TODAY }).ok !== u.valid) return false;
          }
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });
});
