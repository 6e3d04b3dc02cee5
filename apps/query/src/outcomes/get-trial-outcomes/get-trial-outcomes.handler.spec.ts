import {
  computeFirstJobCurves,
  computeOutcomes,
  computeOutcomesV2,
  foldJourney,
  type Journey,
} from '@ips/domain';
import type { StoredEvent } from '@ips/contracts';
import type { JourneyReader, TrialsStore } from '@ips/persistence';
import { CutTallies } from '../cut-tallies';
import { GetFirstJobCurvesHandler } from '../get-first-job-curves/get-first-job-curves.handler';
import { GetFirstJobCurves } from '../get-first-job-curves/get-first-job-curves.query';
import { GetTrialOutcomesHandler } from './get-trial-outcomes.handler';
import { GetTrialOutcomes } from './get-trial-outcomes.query';

// The handler remembers answers per copy of a trial's journeys: only for the very same
// copy and the very same cut, never across a change.

let seq = 0;
function journey(participantId: string, arm: 'ips' | 'usual_care', jobOn: string | null): Journey {
  const event = (type: string, occurredOn: string, data: Record<string, unknown>): StoredEvent =>
    ({
      eventId: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
      type,
      schemaVersion: 1,
      siteId: 'sheffield',
      participantId,
      occurredOn,
      data,
      trialId: 't',
      recordedAt: '2019-01-01T00:00:00.000Z',
      seq,
    }) as StoredEvent;
  const events = [
    event('participant.referred', '2017-07-03', {
      condition: 'mental_health',
      referralSource: 'primary_care',
      employmentStatus: 'unemployed',
    }),
    event('participant.eligibility_assessed', '2017-07-03', { eligible: true }),
    event('participant.consented', '2017-07-03', {}),
    event('participant.randomised', '2017-07-04', { arm }),
  ];
  if (jobOn) events.push(event('job.started', jobOn, { jobId: 'j1', hoursPerWeek: 20, competitive: true }));
  return foldJourney(events);
}

class FakeReader {
  copy: Journey[] = [journey('P1', 'ips', '2017-09-01'), journey('P2', 'usual_care', null)];
  async journeysOf(): Promise<Journey[]> {
    return this.copy;
  }
}

const cut = (asOf: string, groupBy: ('arm' | 'site')[] = ['arm']) =>
  new GetTrialOutcomes('t', asOf, groupBy, {}, 'quarter');
const fresh = (journeys: Journey[], q: GetTrialOutcomes) =>
  (q.definitionsVersion === 1 ? computeOutcomes : computeOutcomesV2)({
    trialId: q.trialId,
    asOf: q.asOf,
    groupBy: q.groupBy,
    filters: q.filters,
    cohortBy: q.cohortBy,
    journeys,
  });

describe('GetTrialOutcomesHandler', () => {
  it('answers definitions version 2 unless asked for 1, and keeps the two answers apart', async () => {
    const reader = new FakeReader();
    const handler = new GetTrialOutcomesHandler(reader as unknown as JourneyReader, new CutTallies());
    const v2 = await handler.execute(cut('2018-06-30'));
    const v1 = await handler.execute(new GetTrialOutcomes('t', '2018-06-30', ['arm'], {}, 'quarter', 1));
    expect(v2.definitionsVersion).toBe(2);
    expect(v1.definitionsVersion).toBe(1);
    expect(v1).toEqual(
      fresh(reader.copy, new GetTrialOutcomes('t', '2018-06-30', ['arm'], {}, 'quarter', 1)),
    );
    expect(v2).toEqual(fresh(reader.copy, cut('2018-06-30')));
    expect('comparisons' in v1).toBe(false);
  });

  it('answers the same cut of the same copy once, and the answer is the fresh computation', async () => {
    const reader = new FakeReader();
    const handler = new GetTrialOutcomesHandler(reader as unknown as JourneyReader, new CutTallies());
    const first = await handler.execute(cut('2018-06-30'));
    expect(await handler.execute(cut('2018-06-30'))).toBe(first);
    expect(first).toEqual(fresh(reader.copy, cut('2018-06-30')));
  });

  it('computes again for another cut, and for a new copy of the journeys', async () => {
    const reader = new FakeReader();
    const handler = new GetTrialOutcomesHandler(reader as unknown as JourneyReader, new CutTallies());
    const before = await handler.execute(cut('2018-06-30'));
    const otherDate = await handler.execute(cut('2017-08-01'));
    const otherGrouping = await handler.execute(cut('2018-06-30', ['site', 'arm']));
    expect(otherDate).not.toBe(before);
    expect(otherDate).toEqual(fresh(reader.copy, cut('2017-08-01')));
    expect(otherGrouping).toEqual(fresh(reader.copy, cut('2018-06-30', ['site', 'arm'])));

    // a journey changed: the reader hands out a new copy, and the answer follows it
    reader.copy = [journey('P1', 'ips', '2017-09-01'), journey('P2', 'usual_care', '2017-10-02')];
    const after = await handler.execute(cut('2018-06-30'));
    expect(after).not.toBe(before);
    expect(after).toEqual(fresh(reader.copy, cut('2018-06-30')));
    expect(after).not.toEqual(before);
  });

  it('tallies a cut once for the outcomes (either version) and the curves of the same journeys, and again for a new copy', async () => {
    const reader = new FakeReader();
    const tallies = new CutTallies();
    const outcomes = new GetTrialOutcomesHandler(reader as unknown as JourneyReader, tallies);
    const sites = { sitesOf: () => Promise.resolve([]) } as unknown as TrialsStore;
    const curves = new GetFirstJobCurvesHandler(reader as unknown as JourneyReader, sites, tallies);
    const curvesOf = (asOf: string) => new GetFirstJobCurves('t', asOf, ['arm'], {}, 'quarter');
    // a dashboard refresh: the outcomes, the chart and the curves as JSON, for one cut
    await outcomes.execute(cut('2018-06-30'));
    const chart = await curves.execute(curvesOf('2018-06-30'));
    const json = await curves.execute(curvesOf('2018-06-30'));
    await outcomes.execute(new GetTrialOutcomes('t', '2018-06-30', ['arm'], {}, 'quarter', 1));
    expect(tallies.made).toBe(1);
    const expected = computeFirstJobCurves({ ...curvesOf('2018-06-30'), journeys: reader.copy });
    expect([chart.curves, json.curves]).toEqual([expected, expected]);
    // another cut is another tally; a changed journey (a new copy) is another tally
    await curves.execute(curvesOf('2017-08-01'));
    expect(tallies.made).toBe(2);
    reader.copy = [journey('P1', 'ips', '2017-09-01'), journey('P2', 'usual_care', '2017-10-02')];
    const after = await curves.execute(curvesOf('2018-06-30'));
    expect(tallies.made).toBe(3);
    expect(after.curves).toEqual(computeFirstJobCurves({ ...curvesOf('2018-06-30'), journeys: reader.copy }));
    expect(await outcomes.execute(cut('2018-06-30'))).toEqual(fresh(reader.copy, cut('2018-06-30')));
    expect(tallies.made).toBe(3);
  });
});
