import type { StoredEvent } from '@ips/contracts';
import { computeFirstJobCurves, computeOutcomes, foldJourney, type Journey } from '@ips/domain';
import { TrialSimulation, type SimulatedSite } from '@ips/simulation';
import { longDate } from '@ips/presentation';
import { firstJobCurvesChartSvg, TooManyCurvesError } from './first-job-curves.chart';
import { firstJobCurvesResponse } from './first-job-curves.response';
import type { FirstJobCurves } from './get-first-job-curves.query';

const SITES: SimulatedSite[] = [
  { siteId: 'north', name: 'North & <East>', profile: 'sheffield', share: 0.6 },
  { siteId: 'south', name: 'South', profile: 'west-midlands', share: 0.4 },
];

function journeys(): Journey[] {
  const simulation = new TrialSimulation(
    { participants: 400, seed: 3, startDate: '2017-07-01', sites: SITES },
    new Date('2019-06-30T12:00:00Z'),
  );
  const byParticipant = new Map<string, StoredEvent[]>();
  let seq = 0;
  for (const upload of simulation.uploads()) {
    if (!upload.valid) continue;
    const key = `${upload.envelope.siteId}/${upload.envelope.participantId}`;
    byParticipant.set(key, [
      ...(byParticipant.get(key) ?? []),
      { ...upload.envelope, trialId: 't', recordedAt: '2019-06-30T00:00:00.000Z', seq: ++seq } as StoredEvent,
    ]);
  }
  return [...byParticipant.values()].map((events) => foldJourney(events));
}

const JOURNEYS = journeys();
const siteNames = Object.fromEntries(SITES.map((s) => [s.siteId, s.name]));

function curves(groupBy: FirstJobCurves['groupBy'], asOf = '2019-06-30', filters = {}): FirstJobCurves {
  const query = { trialId: 't', asOf, groupBy, filters, journeys: JOURNEYS };
  return { trialId: 't', asOf, groupBy, curves: computeFirstJobCurves(query), siteNames };
}

describe('the JSON form', () => {
  it('gives every step as F = 1 − S with the limits swapped, and the summary the outcomes endpoint gives', () => {
    const result = curves(['arm']);
    const response = firstJobCurvesResponse(result);
    const outcomes = computeOutcomes({
      trialId: 't',
      asOf: '2019-06-30',
      groupBy: ['arm'],
      journeys: JOURNEYS,
    });
    expect(response).toMatchObject({
      trialId: 't',
      asOf: '2019-06-30',
      definitionsVersion: 1,
      groupBy: ['arm'],
    });
    expect(response.groups.map((g) => g.key)).toEqual(outcomes.groups.map((g) => g.key));
    response.groups.forEach((g, i) => {
      const { curve } = result.curves[i];
      expect({ n: g.n, events: g.events, medianDays: g.medianDays }).toEqual({
        n: outcomes.groups[i].firstJob.n,
        events: outcomes.groups[i].firstJob.events,
        medianDays: outcomes.groups[i].firstJob.medianDays,
      });
      expect(g.steps).toHaveLength(curve.steps.length);
      g.steps.forEach((s, j) => {
        const k = curve.steps[j];
        expect(s).toEqual({
          day: k.time,
          atRisk: k.atRisk,
          events: k.events,
          censored: k.censored,
          cumulativeIncidence: 1 - k.survival,
          lower: k.upper === null ? null : 1 - k.upper,
          upper: k.lower === null ? null : 1 - k.lower,
        });
      });
    });
  });
});

describe('the SVG chart', () => {
  it('draws one labelled curve with a band per randomised arm, leaving out the people never randomised', () => {
    const result = curves(['arm']);
    expect(result.curves.map((c) => c.key.arm)).toEqual(['ips', 'usual_care', null]);
    const svg = firstJobCurvesChartSvg(result);
    expect(svg.match(/class="km-line"/g)).toHaveLength(2);
    expect(svg.match(/class="km-band"/g)).toHaveLength(2);
    expect(svg).toContain('<title>IPS</title>');
    expect(svg).toContain('<title>Usual care</title>');
    expect(svg).not.toContain('Not randomised');
    expect(svg).toContain(`as of ${longDate('2019-06-30')}</title>`);
    expect(svg).toContain('Months since randomisation');
  });

  it('names sites by their (escaped) names and combined groups in words', () => {
    const bySite = firstJobCurvesChartSvg(curves(['site']));
    expect(bySite).toContain('<title>North &amp; &lt;East&gt;</title>');
    expect(bySite).toContain('<title>South</title>');
    const whole = firstJobCurvesChartSvg(curves([]));
    expect(whole).toContain('<title>All participants</title>');
  });

  it('refuses more groups than it has line styles, and says so when there is nothing to draw', () => {
    expect(() => firstJobCurvesChartSvg(curves(['site', 'arm', 'condition']))).toThrow(TooManyCurvesError);
    const early = firstJobCurvesChartSvg(curves(['arm'], '2017-06-30'));
    expect(early).toContain('Nobody in this cut had been randomised by 30 June 2017');
    expect(early).not.toContain('class="km-line"');
  });

  it('draws each curve to the last day anyone was followed', () => {
    const result = curves(['arm'], '2017-10-31');
    const svg = firstJobCurvesChartSvg(result);
    const lastDays = result.curves
      .filter((c) => c.curve.n > 0)
      .map((c) => c.curve.steps[c.curve.steps.length - 1].time);
    expect(Math.max(...lastDays)).toBeLessThan(200);
    expect(svg.match(/class="km-line"/g)).toHaveLength(2);
  });
});
