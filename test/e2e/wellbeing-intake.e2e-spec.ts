import { randomUUID } from 'node:crypto';
import { eventually, http } from '../support/http';
import { referral, TrialHarness } from '../support/trial-harness';

// Issue 12, item 1: `wellbeing.measured` through each intake path (JSON, NDJSON, CSV), for
// real — ingest → Kafka → projector → the journey the query service serves. Bad scores are
// rejected naming data.score and the range while the valid events of the batch go through;
// a retraction removes a measurement; a same-day repeat keeps the later one with a finding.
describe('wellbeing.measured, end to end through every intake path', () => {
  const harness = new TrialHarness();
  let siteId = '';
  let key = '';

  beforeAll(async () => {
    await harness.start(['ingest', 'projector', 'query']);
    await harness.createTrial(1);
    ({ siteId, apiKey: key } = harness.sites[0]);
  }, 120_000);

  afterAll(() => harness.stopAll(), 60_000);

  const measured = (participantId: string, occurredOn: string, instrument: string, score: unknown) => ({
    eventId: randomUUID(),
    type: 'wellbeing.measured',
    schemaVersion: 1,
    siteId,
    participantId,
    occurredOn,
    data: { instrument, score },
  });

  async function journeyOf(participantId: string): Promise<any> {
    const res = await http(
      'GET',
      `${harness.url('query')}/v1/trials/${harness.trialId}/participants/${siteId}/${participantId}`,
      { key: harness.evaluatorKey },
    );
    return res.status === 200 ? res.body : undefined;
  }

  /** waits until the journey's measurements are exactly `expected` */
  async function measurementsBecome(participantId: string, expected: unknown): Promise<any> {
    return eventually(
      async () => {
        const view = await journeyOf(participantId);
        const wellbeing = view?.journey?.wellbeing;
        return JSON.stringify(wellbeing) === JSON.stringify(expected) ? view : undefined;
      },
      30_000,
      `measurements of ${participantId} = ${JSON.stringify(expected)}`,
    );
  }

  it('JSON: accepts the valid events of a batch, rejects an out-of-range score naming data.score and the range', async () => {
    const res = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key,
      json: [
        referral(siteId, 'W-JSON', '2017-07-01'),
        measured('W-JSON', '2017-07-03', 'wemwbs', 44),
        measured('W-JSON', '2017-07-03', 'phq9', 28),
        measured('W-JSON', '2018-07-02', 'wemwbs', 52),
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected).toEqual([
      expect.objectContaining({
        index: 2,
        errors: [{ path: 'data.score', message: 'data.score must be between 0 and 27 for phq9 (got 28)' }],
      }),
    ]);
    await measurementsBecome('W-JSON', {
      wemwbs: [
        { on: '2017-07-03', score: 44 },
        { on: '2018-07-02', score: 52 },
      ],
    });
  });

  it('NDJSON: the same, by line', async () => {
    const lines = [
      referral(siteId, 'W-NDJSON', '2017-07-01'),
      measured('W-NDJSON', '2017-07-03', 'gad7', 12),
      measured('W-NDJSON', '2017-07-04', 'gad7', 12.5),
      measured('W-NDJSON', '2018-07-01', 'gad7', 6),
    ];
    const res = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key,
      body: lines.map((l) => JSON.stringify(l)).join('\n'),
      contentType: 'application/x-ndjson',
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected).toEqual([
      expect.objectContaining({
        line: 3,
        errors: [{ path: 'data.score', message: 'data.score must be a whole number' }],
      }),
    ]);
    await measurementsBecome('W-NDJSON', {
      gad7: [
        { on: '2017-07-03', score: 12 },
        { on: '2018-07-01', score: 6 },
      ],
    });
  });

  it('CSV with data.instrument,data.score: typed cells, bad rows by spreadsheet row', async () => {
    const head =
      'eventId,type,participantId,occurredOn,data.condition,data.referralSource,data.employmentStatus,data.instrument,data.score';
    const text = [
      head,
      `${randomUUID()},participant.referred,W-CSV,2017-07-01,mental_health,primary_care,unemployed,,`,
      `${randomUUID()},wellbeing.measured,W-CSV,2017-07-03,,,,eq5d_vas,60`,
      `${randomUUID()},wellbeing.measured,W-CSV,2017-07-03,,,,eq5d_vas,101`,
      `${randomUUID()},wellbeing.measured,W-CSV,2017-07-03,,,,sf36,50`,
      `${randomUUID()},wellbeing.measured,W-CSV,2017-07-03,,,,swemwbs,`,
      `${randomUUID()},wellbeing.measured,W-CSV,2018-07-05,,,,eq5d_vas,75`,
    ].join('\n');
    const res = await http('POST', `${harness.url('ingest')}/v1/events/csv`, {
      key,
      body: text,
      contentType: 'text/csv',
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected.map((r: any) => [r.row, r.errors])).toEqual([
      [4, [{ path: 'data.score', message: 'data.score must be between 0 and 100 for eq5d_vas (got 101)' }]],
      [
        5,
        [
          {
            path: 'data.instrument',
            message: 'data.instrument must be one of wemwbs, swemwbs, phq9, gad7, eq5d_vas',
          },
        ],
      ],
      [6, [{ path: 'data.score', message: 'data.score is required' }]],
    ]);
    await measurementsBecome('W-CSV', {
      eq5d_vas: [
        { on: '2017-07-03', score: 60 },
        { on: '2018-07-05', score: 75 },
      ],
    });
  });

  it('a retraction removes the measurement; a same-day repeat keeps the later one with a finding', async () => {
    const first = measured('W-FIX', '2017-07-03', 'swemwbs', 20);
    const repeat = measured('W-FIX', '2017-07-03', 'swemwbs', 23);
    const followUp = measured('W-FIX', '2018-07-03', 'swemwbs', 30);
    const post = (events: unknown[]) =>
      http('POST', `${harness.url('ingest')}/v1/events`, { key, json: events });
    expect((await post([referral(siteId, 'W-FIX', '2017-07-01'), first, followUp])).body.accepted).toBe(3);
    await measurementsBecome('W-FIX', {
      swemwbs: [
        { on: '2017-07-03', score: 20 },
        { on: '2018-07-03', score: 30 },
      ],
    });
    expect((await post([repeat])).body.accepted).toBe(1);
    const view = await measurementsBecome('W-FIX', {
      swemwbs: [
        { on: '2017-07-03', score: 23 },
        { on: '2018-07-03', score: 30 },
      ],
    });
    expect(view.journey.findings).toEqual([
      expect.objectContaining({ code: 'wellbeing_measured_twice_same_day', eventId: repeat.eventId }),
    ]);
    const retraction = {
      eventId: randomUUID(),
      type: 'event.retracted',
      schemaVersion: 1,
      siteId,
      participantId: 'W-FIX',
      occurredOn: '2018-08-01',
      data: { retractedEventId: followUp.eventId, reason: 'scored the wrong questionnaire' },
    };
    expect((await post([retraction])).body.accepted).toBe(1);
    await measurementsBecome('W-FIX', { swemwbs: [{ on: '2017-07-03', score: 23 }] });
  });

  it('shows up in the version-2 outcomes at the right as-of dates, whichever path it came by', async () => {
    const enrol = (participantId: string, arm: string) =>
      [
        'participant.referred',
        'participant.eligibility_assessed',
        'participant.consented',
        'participant.randomised',
      ].map((type) => ({
        eventId: randomUUID(),
        type,
        schemaVersion: 1,
        siteId,
        participantId,
        occurredOn: '2017-07-03',
        data:
          type === 'participant.referred'
            ? { condition: 'musculoskeletal', referralSource: 'msk_service', employmentStatus: 'unemployed' }
            : type === 'participant.eligibility_assessed'
              ? { eligible: true }
              : type === 'participant.randomised'
                ? { arm }
                : {},
      }));
    const post = (json: unknown[]) => http('POST', `${harness.url('ingest')}/v1/events`, { key, json });
    const enrolled = await post([
      ...enrol('W-OUT-1', 'ips'),
      ...enrol('W-OUT-2', 'usual_care'),
      ...enrol('W-OUT-3', 'usual_care'),
      measured('W-OUT-1', '2017-07-01', 'wemwbs', 40),
      measured('W-OUT-1', '2018-07-02', 'wemwbs', 46),
    ]);
    expect(enrolled.body.accepted).toBe(14);
    const ndjson = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key,
      body: [measured('W-OUT-2', '2017-07-03', 'wemwbs', 42), measured('W-OUT-2', '2018-07-20', 'wemwbs', 43)]
        .map((e) => JSON.stringify(e))
        .join('\n'),
      contentType: 'application/x-ndjson',
    });
    expect(ndjson.body.accepted).toBe(2);
    const csv = await http('POST', `${harness.url('ingest')}/v1/events/csv`, {
      key,
      body: `eventId,type,participantId,occurredOn,data.instrument,data.score\n${randomUUID()},wellbeing.measured,W-OUT-3,2017-06-20,wemwbs,38\n`,
      contentType: 'text/csv',
    });
    expect(csv.body.accepted).toBe(1);

    // only these three are randomised, all on 2017-07-03: follow-up window 2018-05-04 … 2018-09-01
    const wemwbsByArm = async (asOf: string) => {
      const res = await http(
        'GET',
        `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes?groupBy=arm&asOf=${asOf}`,
        { key: harness.evaluatorKey },
      );
      expect(res.status).toBe(200);
      expect(res.body.definitionsVersion).toBe(2);
      const pick = (arm: string) => {
        const w = res.body.groups.find((g: any) => g.key.arm === arm).wellbeing[0];
        return [
          w.instrument,
          w.randomised,
          w.withBaseline,
          w.due,
          w.withFollowUp,
          w.baselineMean,
          w.followUpMean,
        ];
      };
      return { ips: pick('ips'), usualCare: pick('usual_care'), comparisons: res.body.comparisons };
    };
    await eventually(
      async () => ((await wemwbsByArm('2018-09-01')).ips[4] === 1 ? true : undefined),
      30_000,
      'the projector to fold the measurements',
    );
    await eventually(
      async () => ((await wemwbsByArm('2018-09-01')).usualCare[2] === 2 ? true : undefined),
      30_000,
      'every path to arrive',
    );
    expect(await wemwbsByArm('2017-12-31')).toMatchObject({
      ips: ['wemwbs', 1, 1, 0, 0, 40, null],
      usualCare: ['wemwbs', 2, 2, 0, 0, 40, null],
    });
    expect(await wemwbsByArm('2018-07-10')).toMatchObject({
      ips: ['wemwbs', 1, 1, 1, 1, 40, 46],
      usualCare: ['wemwbs', 2, 2, 0, 0, 40, null],
    });
    const closed = await wemwbsByArm('2018-09-01');
    // the window has closed: both usual-care participants are due, one follow-up is missing
    expect(closed).toMatchObject({
      ips: ['wemwbs', 1, 1, 1, 1, 40, 46],
      usualCare: ['wemwbs', 2, 2, 2, 1, 40, 43],
    });
    expect(closed.comparisons[0].wellbeing[0]).toMatchObject({
      instrument: 'wemwbs',
      higherIsBetter: true,
      n: 2,
      nIps: 1,
      nUsualCare: 1,
      adjustedDifference: null,
    });
  });
});
