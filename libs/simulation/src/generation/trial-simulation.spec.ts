import { createHash } from 'node:crypto';
import { validateEnvelope, WELLBEING_SCALES, type EventEnvelope } from '@ips/contracts';
import { addDays, computeOutcomes, type Journey } from '@ips/domain';
import { foldUploads, journeyTruth, TEST_TRIAL } from './fold-uploads';
import { RETRACTED_SHARE } from './wellbeing-measurements';
import { NO_MESS, TrialSimulation, type SimulatedUpload, type SimulationOptions } from './index';
import { isoDay, toDayNumber } from './trial-calendar';

// The generator's contract with its callers: reproducible, always valid, never in the
// future, in upload order, and a trial that looks like the trials it imitates.

const NOW = new Date('2024-06-30T12:00:00Z');
const TODAY = '2024-06-30';

function run(options: SimulationOptions): { simulation: TrialSimulation; uploads: SimulatedUpload[] } {
  const simulation = new TrialSimulation(options, NOW);
  return { simulation, uploads: [...simulation.uploads()] };
}

function digest(uploads: SimulatedUpload[]): string {
  const hash = createHash('sha256');
  for (const u of uploads) hash.update(`${u.uploadDay} ${JSON.stringify(u.envelope)}\n`);
  return hash.digest('hex');
}

const FOLLOW_UP_COMPLETE = '2021-06-30';

describe('TrialSimulation', () => {
  describe('determinism', () => {
    it('gives the same envelopes in the same order for the same seed and options', () => {
      const a = run({ participants: 400, seed: 42 });
      const b = run({ participants: 400, seed: 42 });
      expect(b.uploads).toHaveLength(a.uploads.length);
      expect(digest(b.uploads)).toBe(digest(a.uploads));
      expect(b.simulation.stats).toEqual(a.simulation.stats);
    });

    it('gives another trial for another seed', () => {
      expect(digest(run({ participants: 400, seed: 1 }).uploads)).not.toBe(
        digest(run({ participants: 400, seed: 2 }).uploads),
      );
    });

    it('never reuses an eventId across trial shapes or site ids (which the ingest would reject as a 409)', () => {
      const ids = (options: SimulationOptions) =>
        new Set(run(options).uploads.map((u) => u.envelope.eventId));
      const base = ids({ participants: 300, seed: 5 });
      for (const other of [
        ids({ participants: 301, seed: 5 }),
        ids({ participants: 300, seed: 5, ipsHazardRatio: 2 }),
        ids({
          participants: 300,
          seed: 5,
          sites: [
            { siteId: 'x-sheffield', name: 'S', profile: 'sheffield', share: 0.6 },
            { siteId: 'x-west-midlands', name: 'W', profile: 'west-midlands', share: 0.4 },
          ],
        }),
      ]) {
        expect([...other].filter((id) => base.has(id))).toEqual([]);
      }
    });

    it('plays the same journeys under prefixed site ids', () => {
      const plain = run({ participants: 200, seed: 9 }).uploads;
      const prefixed = run({
        participants: 200,
        seed: 9,
        sites: [
          { siteId: 't1-sheffield', name: 'Sheffield City Region', profile: 'sheffield', share: 6110 / 9785 },
          { siteId: 't1-west-midlands', name: 'West Midlands', profile: 'west-midlands', share: 3675 / 9785 },
        ],
      }).uploads;
      const shape = (u: SimulatedUpload) =>
        [u.uploadDay, u.envelope.type, u.envelope.participantId, u.envelope.occurredOn].join(' ');
      expect(prefixed.map(shape)).toEqual(plain.map(shape));
      expect(prefixed.every((u) => u.envelope.siteId.startsWith('t1-'))).toBe(true);
    });
  });

  describe('validity', () => {
    const { simulation, uploads } = run({ participants: 3000, seed: 11 });

    it('produces only envelopes the ingest accepts, each naming its site', () => {
      const rejected = uploads
        .map((u) => ({ u, check: validateEnvelope(u.envelope, { latestOccurredOn: TODAY }) }))
        .filter(({ check }) => !check.ok);
      expect(rejected.map(({ u, check }) => ({ envelope: u.envelope, check }))).toEqual([]);
      expect(uploads.every((u) => u.valid && u.envelope.siteId === u.siteId)).toBe(true);
      expect(simulation.stats.events).toBe(uploads.length);
    });

    it('uploads each site in non-decreasing upload day, and the merged stream too', () => {
      for (const siteId of ['sheffield', 'west-midlands']) {
        const days = uploads.filter((u) => u.siteId === siteId).map((u) => u.uploadDay);
        expect(days.length).toBeGreaterThan(0);
        expect(days.every((d, i) => i === 0 || d >= days[i - 1])).toBe(true);
      }
      expect(uploads.every((u, i) => i === 0 || u.uploadDay >= uploads[i - 1].uploadDay)).toBe(true);
    });

    it('never dates an event after the day it is uploaded, nor a retraction before its target went up', () => {
      const uploadedOn = new Map<string, number>();
      for (const u of uploads) {
        expect(toDayNumber(u.envelope.occurredOn)).toBeLessThanOrEqual(u.uploadDay);
        if (u.envelope.type === 'event.retracted') {
          const target = uploadedOn.get(u.envelope.data.retractedEventId);
          expect(target).toBeDefined();
          expect(target as number).toBeLessThan(u.uploadDay);
        }
        if (!uploadedOn.has(u.envelope.eventId)) uploadedOn.set(u.envelope.eventId, u.uploadDay);
      }
    });

    it('resends a duplicate with exactly the content of the original', () => {
      const first = new Map<string, string>();
      let duplicates = 0;
      for (const u of uploads) {
        const json = JSON.stringify(u.envelope);
        const earlier = first.get(u.envelope.eventId);
        if (earlier === undefined) first.set(u.envelope.eventId, json);
        else {
          duplicates++;
          expect(json).toBe(earlier);
        }
      }
      expect(duplicates).toBe(simulation.stats.mess.duplicates);
      expect(duplicates).toBeGreaterThan(0);
    });

    it('keeps participant ids pseudonymous and per site', () => {
      const ids = new Set(uploads.map((u) => `${u.siteId}/${u.envelope.participantId}`));
      expect(ids.size).toBe(simulation.stats.participants);
      for (const id of ids) expect(id).toMatch(/^(sheffield\/SCR|west-midlands\/WM)-\d{6}$/);
    });
  });

  describe('time', () => {
    it('never produces an event dated or uploaded after today, even for a trial that is still running', () => {
      const start = isoDay(toDayNumber(TODAY) - 200);
      const { simulation, uploads } = run({ participants: 1500, seed: 3, startDate: start });
      const today = toDayNumber(TODAY);
      expect(uploads.length).toBeGreaterThan(1000);
      for (const u of uploads) {
        expect(u.envelope.occurredOn <= TODAY).toBe(true);
        expect(u.uploadDay).toBeLessThanOrEqual(today);
      }
      // referrals keep coming until today: the trial is cut, not finished
      expect(simulation.stats.lastUploadOn).toBe(isoDay(Math.max(...uploads.map((u) => u.uploadDay))));
      expect(simulation.stats.participants).toBeLessThan(1500);
    });

    it('refers people over the recruitment period, starting slowly', () => {
      const { uploads } = run({ participants: 4000, seed: 8, mess: NO_MESS });
      const referrals = uploads
        .filter((u) => u.envelope.type === 'participant.referred')
        .map((u) => u.envelope.occurredOn);
      expect(referrals.every((d) => d >= '2017-07-01' && d <= '2018-10-03')).toBe(true);
      const firstMonth = referrals.filter((d) => d < '2017-08-01').length;
      const laterMonth = referrals.filter((d) => d >= '2018-03-01' && d < '2018-04-01').length;
      expect(firstMonth).toBeLessThan(laterMonth / 2);
      const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
      expect(referrals.every((d) => weekday(d) >= 1 && weekday(d) <= 5)).toBe(true);
    });

    it('records nothing after the trial ends', () => {
      const { uploads } = run({
        participants: 800,
        seed: 4,
        recruitmentMonths: 6,
        durationMonths: 9,
        mess: NO_MESS,
      });
      expect(uploads.every((u) => u.envelope.occurredOn < '2018-04-01')).toBe(true);
    });
  });

  describe('journeys, as the projector folds them', () => {
    const messy = run({ participants: 4000, seed: 21 });
    const tidy = run({ participants: 4000, seed: 21, mess: NO_MESS });
    const messyJourneys = foldUploads(messy.uploads);
    const tidyJourneys = foldUploads(tidy.uploads);

    it('raise findings only where the site made a state problem on purpose, or for jobs held before referral', () => {
      const codes = (journeys: Map<string, Journey>) =>
        new Set([...journeys.values()].flatMap((j) => j.findings.map((f) => f.code)));
      expect([...codes(tidyJourneys)]).toEqual(['job_before_referral']);
      expect([...codes(messyJourneys)].sort()).toEqual([
        'job_before_referral',
        'job_ended_without_start',
        'randomised_again_different_arm',
        'wellbeing_measured_twice_same_day',
      ]);
      for (const journey of tidyJourneys.values()) {
        for (const finding of journey.findings) {
          const job = journey.jobs.find((j) => j.startedOn === finding.occurredOn);
          expect(job && journey.referrals[0] && job.startedOn < journey.referrals[0].on).toBe(true);
        }
      }
    });

    it('raise no findings at all from a tidy site that does not record the jobs people hold at referral', () => {
      const journeys = foldUploads(
        run({ participants: 2000, seed: 21, mess: NO_MESS, existingJobRate: 0 }).uploads,
      );
      expect([...journeys.values()].flatMap((j) => j.findings)).toEqual([]);
      expect([...journeys.values()].some((j) => j.referrals[0].employmentStatus !== 'unemployed')).toBe(true);
    });

    it('are the same with and without mess: duplicates, late and out-of-order uploads and corrections change nothing', () => {
      expect([...messyJourneys.keys()].sort()).toEqual([...tidyJourneys.keys()].sort());
      for (const [key, journey] of tidyJourneys) {
        expect({ key, ...journeyTruth(messyJourneys.get(key) as Journey) }).toEqual({
          key,
          ...journeyTruth(journey),
        });
      }
      const mess = messy.simulation.stats.mess;
      expect(mess.duplicates).toBeGreaterThan(0);
      expect(mess.late).toBeGreaterThan(0);
      expect(mess.outOfOrder).toBeGreaterThan(0);
      expect(mess.retractions).toBeGreaterThan(0);
      expect(mess.extraRandomisations + mess.orphanJobEnds).toBeGreaterThan(0);
    });

    it('match the counts the simulation reports (what the query API will show)', () => {
      const outcome = computeOutcomes({
        trialId: TEST_TRIAL,
        asOf: FOLLOW_UP_COMPLETE,
        journeys: messyJourneys.values(),
      });
      const flow = outcome.groups[0].flow;
      const stats = messy.simulation.stats;
      expect(flow).toMatchObject({
        referred: stats.referred,
        assessed: stats.assessed,
        eligible: stats.eligible,
        ineligible: stats.ineligible,
        consented: stats.consented,
        randomised: stats.randomised,
        randomisedIps: stats.randomisedIps,
        randomisedUsualCare: stats.randomisedUsualCare,
        withdrawn: stats.withdrawn,
      });
      const byArm = computeOutcomes({
        trialId: TEST_TRIAL,
        asOf: FOLLOW_UP_COMPLETE,
        groupBy: ['arm'],
        journeys: messyJourneys.values(),
      });
      const jobStarts = Object.fromEntries(
        byArm.groups.map((g) => [String(g.key.arm), g.jobStart12m.numerator]),
      );
      expect(jobStarts).toEqual({
        ips: stats.competitiveJobWithin365.ips,
        usual_care: stats.competitiveJobWithin365.usualCare,
        null: 0,
      });
    });

    it('make sense one by one: steps in order, jobs within the record, arms fixed once', () => {
      for (const journey of tidyJourneys.values()) {
        const referredOn = journey.referrals[0]?.on;
        expect(referredOn).toBeDefined();
        const assessment = journey.assessments[0];
        if (assessment) expect(assessment.on >= (referredOn as string)).toBe(true);
        if (journey.consents[0]) {
          expect(assessment?.eligible).toBe(true);
          expect(journey.consents[0].on >= assessment.on).toBe(true);
        }
        const randomisation = journey.randomisation;
        if (randomisation) expect(randomisation.on >= journey.consents[0].on).toBe(true);
        if (!randomisation) expect(journey.jobs).toEqual([]);
        for (const job of journey.jobs) {
          if (job.endedOn !== null) expect(job.endedOn > job.startedOn).toBe(true);
          if (randomisation && job.startedOn < randomisation.on)
            expect(job.startedOn < (referredOn as string)).toBe(true);
          if (journey.withdrawal) expect(job.startedOn < journey.withdrawal.on).toBe(true);
          for (const check of job.retentionChecks) {
            const open = check.on < (job.endedOn ?? '9999-12-31');
            expect(check.inWork).toBe(open);
          }
          for (const change of job.hours.slice(1))
            expect(change.on < (job.endedOn ?? '9999-12-31')).toBe(true);
          expect(job.hours.every((h) => h.hoursPerWeek > 0 && h.hoursPerWeek <= 80)).toBe(true);
        }
      }
    });
  });

  describe('realism over a large run', () => {
    const { simulation } = run({ participants: 20000, seed: 99, mess: NO_MESS });
    const journeys = [...foldUploads(simulation.uploads()).values()];
    const stats = simulation.stats;
    const randomised = journeys.filter((j) => j.randomisation !== null);

    it('finds ~75% eligible, ~85% of them consenting, and randomises 1:1', () => {
      expect(stats.eligible / stats.assessed).toBeCloseTo(0.75, 1);
      expect(Math.abs(stats.eligible / stats.assessed - 0.75)).toBeLessThan(0.015);
      expect(Math.abs(stats.consented / stats.eligible - 0.85)).toBeLessThan(0.015);
      expect(Math.abs(stats.randomisedIps / stats.randomised - 0.5)).toBeLessThan(0.02);
    });

    it('refers the configured mix of conditions, and each site its own mix of employment status', () => {
      const share = (list: Journey[], pick: (j: Journey) => unknown, value: unknown) =>
        list.filter((j) => pick(j) === value).length / list.length;
      const condition = (j: Journey) => j.referrals[0].condition;
      expect(Math.abs(share(journeys, condition, 'mental_health') - 0.6)).toBeLessThan(0.015);
      expect(Math.abs(share(journeys, condition, 'musculoskeletal') - 0.25)).toBeLessThan(0.015);
      expect(Math.abs(share(journeys, condition, 'multiple') - 0.1)).toBeLessThan(0.01);
      expect(Math.abs(share(journeys, condition, 'learning_disability') - 0.03)).toBeLessThan(0.006);
      const status = (j: Journey) => j.referrals[0].employmentStatus;
      const sheffield = journeys.filter((j) => j.siteId === 'sheffield');
      const westMidlands = journeys.filter((j) => j.siteId === 'west-midlands');
      expect(Math.abs(sheffield.length / journeys.length - 6110 / 9785)).toBeLessThan(0.01);
      expect(Math.abs(share(sheffield, status, 'unemployed') - 0.7)).toBeLessThan(0.02);
      expect(share(westMidlands, status, 'unemployed')).toBeGreaterThan(0.93);
    });

    it('withdraws ~10% within a year of randomisation', () => {
      const withinYear = randomised.filter(
        (j) => j.withdrawal && toDayNumber(j.withdrawal.on) - toDayNumber(j.randomisation!.on) <= 365,
      ).length;
      expect(Math.abs(withinYear / randomised.length - 0.1)).toBeLessThan(0.02);
    });

    it('gives the IPS arm more job starts than usual care, by about the hazard ratio', () => {
      expect(stats.newJobStarts.ips / stats.randomisedIps).toBeGreaterThan(
        (1.2 * stats.newJobStarts.usualCare) / stats.randomisedUsualCare,
      );
      const ips = stats.competitiveJobWithin365.ips / stats.randomisedIps;
      const usualCare = stats.competitiveJobWithin365.usualCare / stats.randomisedUsualCare;
      expect(ips).toBeGreaterThan(usualCare);
      // ratio of cumulative hazards of a first job; competitive shares and heterogeneity pull it a little off 1.6
      const ratio = Math.log(1 - ips) / Math.log(1 - usualCare);
      expect(ratio).toBeGreaterThan(1.35);
      expect(ratio).toBeLessThan(1.95);
      expect(usualCare).toBeGreaterThan(0.12);
      expect(usualCare).toBeLessThan(0.3);
    });

    it('has many short-hours jobs and many short jobs, and some that last', () => {
      const newJobs = randomised.flatMap((j) => j.jobs.filter((job) => job.startedOn >= j.randomisation!.on));
      const under16 = newJobs.filter((job) => job.hoursAtStart < 16).length / newJobs.length;
      expect(Math.abs(under16 - 0.38)).toBeLessThan(0.03);
      const ended = newJobs.filter((job) => job.endedOn !== null);
      const length = (job: (typeof newJobs)[number]) =>
        toDayNumber(job.endedOn as string) - toDayNumber(job.startedOn);
      expect(ended.filter((job) => length(job) < 91).length / newJobs.length).toBeGreaterThan(0.3);
      expect(
        newJobs.filter((job) => job.endedOn === null || length(job) > 365).length / newJobs.length,
      ).toBeGreaterThan(0.1);
      expect(newJobs.filter((job) => job.competitive).length / newJobs.length).toBeGreaterThan(0.8);
      expect(newJobs.some((job) => job.hours.length > 1)).toBe(true);
      const overlapping = randomised.filter((j) =>
        j.jobs.some((a) =>
          j.jobs.some(
            (b) => a !== b && b.startedOn > a.startedOn && b.startedOn < (a.endedOn ?? '9999-12-31'),
          ),
        ),
      );
      expect(overlapping.length).toBeGreaterThan(0);
    });

    it('follows the configured IPS effect: none at a hazard ratio of 1', () => {
      const s = new TrialSimulation({ participants: 20000, seed: 99, mess: NO_MESS, ipsHazardRatio: 1 }, NOW);
      for (const _ of s.uploads());
      const ips = s.stats.competitiveJobWithin365.ips / s.stats.randomisedIps;
      const usualCare = s.stats.competitiveJobWithin365.usualCare / s.stats.randomisedUsualCare;
      // only the competitive share differs by arm (IPS aims at competitive jobs)
      expect(Math.abs(ips - usualCare)).toBeLessThan(0.045);
      expect(ips).toBeLessThan(stats.competitiveJobWithin365.ips / stats.randomisedIps);
    });
  });

  describe('mess rates', () => {
    const mess = {
      duplicate: 0.05,
      late: 0.08,
      outOfOrder: 0.05,
      correction: 0.04,
      stateProblem: 0.05,
      invalid: 0.02,
    };
    const { simulation, uploads } = run({ participants: 8000, seed: 31, mess });
    const stats = simulation.stats;
    const truthEvents =
      stats.events -
      stats.mess.invalid -
      stats.mess.duplicates -
      stats.mess.retractions * 2 -
      stats.mess.extraRandomisations -
      stats.mess.orphanJobEnds;

    it('happen about as often as configured', () => {
      expect(stats.mess.duplicates / (stats.events - stats.mess.invalid)).toBeCloseTo(0.05, 1);
      expect(
        Math.abs(stats.mess.duplicates / (stats.events - stats.mess.invalid - stats.mess.duplicates) - 0.05),
      ).toBeLessThan(0.008);
      expect(Math.abs(stats.mess.late / truthEvents - 0.08)).toBeLessThan(0.02);
      expect(Math.abs(stats.mess.outOfOrder / truthEvents - 0.05)).toBeLessThan(0.015);
      expect(Math.abs(stats.mess.extraRandomisations / stats.randomised - 0.05)).toBeLessThan(0.015);
      // a wellbeing score is retracted at a quarter of the correction rate (wellbeing-measurements.ts)
      const correctable =
        stats.referred +
        stats.eventsByType['job.started'] +
        stats.eventsByType['job.hours_changed'] +
        RETRACTED_SHARE * stats.eventsByType['wellbeing.measured'];
      expect(Math.abs(stats.mess.retractions / correctable - 0.04)).toBeLessThan(0.012);
      expect(Math.abs(stats.mess.invalid / (stats.events - stats.mess.invalid) - 0.02)).toBeLessThan(0.005);
    });

    it('makes invalid copies that the ingest rejects, and only those', () => {
      let invalid = 0;
      for (const u of uploads) {
        const check = validateEnvelope(u.envelope, { latestOccurredOn: TODAY });
        expect({ valid: u.valid, ok: check.ok, type: u.envelope.type }).toEqual({
          valid: check.ok,
          ok: check.ok,
          type: u.envelope.type,
        });
        if (!u.valid) invalid++;
      }
      expect(invalid).toBe(stats.mess.invalid);
    });

    it('makes none of it at rate 0', () => {
      const tidy = new TrialSimulation({ participants: 2000, seed: 31, mess: NO_MESS }, NOW);
      const ids = new Set<string>();
      for (const u of tidy.uploads()) {
        expect(ids.has(u.envelope.eventId)).toBe(false);
        ids.add(u.envelope.eventId);
        expect(u.envelope.type).not.toBe('event.retracted');
      }
      expect(tidy.stats.mess).toEqual({
        duplicates: 0,
        late: 0,
        outOfOrder: 0,
        retractions: 0,
        extraRandomisations: 0,
        orphanJobEnds: 0,
        invalid: 0,
      });
    });
  });

  it('streams one site at a time for callers that send sites in parallel', () => {
    const simulation = new TrialSimulation({ participants: 500, seed: 6 }, NOW);
    const sheffield: EventEnvelope[] = [];
    for (const u of simulation.siteUploads(0)) sheffield.push(u.envelope);
    const merged = run({ participants: 500, seed: 6 })
      .uploads.filter((u) => u.siteId === 'sheffield')
      .map((u) => u.envelope);
    expect(sheffield).toEqual(merged);
    expect(simulation.stats.sites[0].events).toBe(sheffield.length);
    expect(() => simulation.siteUploads(2)).toThrow(RangeError);
  });
});

describe('TrialSimulation: wellbeing measurements (contract 1.1)', () => {
  const { uploads } = run({ participants: 3000, seed: 5 });
  const journeys = foldUploads(uploads);
  const randomised = [...journeys.values()].filter((j) => j.randomisation !== null);

  it('measures most randomised people at baseline and misses more follow-ups in usual care', () => {
    const phq9 = (j: Journey) => j.wellbeing?.phq9 ?? [];
    const t0 = (j: Journey) => j.randomisation!.on;
    const withBaseline = randomised.filter((j) => phq9(j).some((m) => m.on <= t0(j)));
    const followedUp = (arm: string) => {
      const group = withBaseline.filter((j) => j.randomisation!.arm === arm && t0(j) < '2023-01-01');
      return group.filter((j) => phq9(j).some((m) => m.on > addDays(t0(j), 300))).length / group.length;
    };
    expect(withBaseline.length / randomised.length).toBeGreaterThan(0.7);
    expect(followedUp('ips') - followedUp('usual_care')).toBeGreaterThan(0.05);
  });

  it('sends only scores within each instrument’s range, whole numbers', () => {
    const scores = uploads
      .filter((u) => u.envelope.type === 'wellbeing.measured')
      .map((u) => u.envelope.data as { instrument: keyof typeof WELLBEING_SCALES; score: number });
    expect(scores.length).toBeGreaterThan(1000);
    for (const { instrument, score } of scores) {
      expect(Number.isInteger(score)).toBe(true);
      expect(score).toBeGreaterThanOrEqual(WELLBEING_SCALES[instrument].min);
      expect(score).toBeLessThanOrEqual(WELLBEING_SCALES[instrument].max);
    }
  });
});
