import { given } from '../testing/given-when-then';
import { participant } from '../testing/stored-events';
import { foldJourney } from './fold-journey';
import { JourneyFoldError } from './journey-fold-error';

const p = participant('SCR-000123');

describe('foldJourney', () => {
  describe('identity and counts', () => {
    it('takes trial, site and participant from the events', () => {
      given(p.referred('2017-07-03'))
        .whenFolded()
        .then((journey) => {
          expect(journey).toMatchObject({
            trialId: 'trial-1',
            siteId: 'site-a',
            participantId: 'SCR-000123',
          });
        });
    });

    it('refuses an empty list: there is no participant to name', () => {
      expect(() => foldJourney([])).toThrow(JourneyFoldError);
    });

    it('refuses events of two participants folded together', () => {
      const other = participant('SCR-000999');
      expect(() => foldJourney([p.referred('2017-07-03'), other.referred('2017-07-03')])).toThrow(
        JourneyFoldError,
      );
    });

    it('counts non-duplicate events, retractions included, and the events retracted', () => {
      const referral = p.referred('2017-07-03');
      const consent = p.consented('2017-07-05');
      const retraction = p.retracted('2017-07-06', consent);
      given(referral, referral, consent, retraction)
        .whenFolded()
        .then((journey) => {
          expect(journey.eventCount).toBe(3);
          expect(journey.retractedCount).toBe(1);
        });
    });

    it('sets firstEventOn to the earliest folded non-retraction event, not the earliest arrival', () => {
      const late = p.consented('2017-07-10');
      const early = p.referred('2017-07-03');
      given(late, early)
        .whenFolded()
        .then((journey) => expect(journey.firstEventOn).toBe('2017-07-03'));
    });

    it('ignores retractions and retracted events for firstEventOn', () => {
      const mistaken = p.referred('2017-06-01');
      given(mistaken, p.retracted('2017-05-01', mistaken), p.referred('2017-07-03'))
        .whenFolded()
        .then((journey) => expect(journey.firstEventOn).toBe('2017-07-03'));
    });

    it('has firstEventOn null when every event was retracted', () => {
      const referral = p.referred('2017-07-03');
      given(referral, p.retracted('2017-07-04', referral))
        .whenFolded()
        .then((journey) => expect(journey.firstEventOn).toBeNull());
    });
  });

  describe('duplicates', () => {
    it('folds a redelivered event once', () => {
      const referral = p.referred('2017-07-03');
      given(referral, referral, { ...referral })
        .whenFolded()
        .then((journey) => {
          expect(journey.referrals).toHaveLength(1);
          expect(journey.eventCount).toBe(1);
        });
    });

    it('keeps the earliest arrival of an eventId, which decides same-day order', () => {
      const randomisedIps = p.randomised('2017-07-12', 'ips');
      const randomisedUsualCare = p.randomised('2017-07-12', 'usual_care');
      const resentEarlier = { ...randomisedUsualCare, seq: randomisedIps.seq - 1 };
      given(randomisedIps, randomisedUsualCare, resentEarlier)
        .whenFolded()
        .then((journey) => expect(journey.randomisation).toEqual({ on: '2017-07-12', arm: 'usual_care' }));
    });
  });

  describe('order', () => {
    it('folds by occurredOn, whatever the arrival order', () => {
      const second = p.referred('2017-08-01', { condition: 'musculoskeletal' });
      const first = p.referred('2017-07-03', { condition: 'mental_health' });
      given(second, first)
        .whenFolded()
        .then((journey) => {
          expect(journey.referrals.map((r) => r.condition)).toEqual(['mental_health', 'musculoskeletal']);
        });
    });

    it('folds events of the same day in arrival order', () => {
      const a = p.referred('2017-07-03', { condition: 'mental_health' });
      const b = p.referred('2017-07-03', { condition: 'other' });
      given(b, a)
        .whenFolded()
        .then((journey) => {
          expect(journey.referrals.map((r) => r.condition)).toEqual(['mental_health', 'other']);
        });
    });
  });

  describe('referral, eligibility and consent', () => {
    it('keeps the full dated history of each, with optional fields only when sent', () => {
      given(
        p.referred('2017-07-03', { condition: 'mental_health', ageBand: '35-49', sex: 'female' }),
        p.referred('2017-07-20', { condition: 'multiple', employmentStatus: 'employed_off_sick' }),
        p.assessed('2017-07-10', false, 'not resident'),
        p.assessed('2017-07-21', true),
        p.consented('2017-07-22'),
        p.consented('2017-07-23'),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.referrals).toEqual([
            {
              on: '2017-07-03',
              condition: 'mental_health',
              referralSource: 'primary_care',
              employmentStatus: 'unemployed',
              ageBand: '35-49',
              sex: 'female',
            },
            {
              on: '2017-07-20',
              condition: 'multiple',
              referralSource: 'primary_care',
              employmentStatus: 'employed_off_sick',
            },
          ]);
          expect(journey.assessments).toEqual([
            { on: '2017-07-10', eligible: false, reason: 'not resident' },
            { on: '2017-07-21', eligible: true },
          ]);
          expect(journey.consents).toEqual([{ on: '2017-07-22' }, { on: '2017-07-23' }]);
        });
    });
  });

  describe('randomisation', () => {
    const enrolment = () => [
      p.referred('2017-07-03'),
      p.assessed('2017-07-10', true),
      p.consented('2017-07-10'),
    ];

    it('is fixed by the first randomisation', () => {
      given(enrolment(), p.randomised('2017-07-12', 'ips'))
        .whenFolded()
        .then((journey) => {
          expect(journey.randomisation).toEqual({ on: '2017-07-12', arm: 'ips' });
          expect(journey.findings).toEqual([]);
        });
    });

    it('ignores a later randomisation to a different arm, with a finding', () => {
      const again = p.randomised('2017-07-20', 'usual_care');
      given(enrolment(), p.randomised('2017-07-12', 'ips'), again)
        .whenFolded()
        .then((journey) => {
          expect(journey.randomisation).toEqual({ on: '2017-07-12', arm: 'ips' });
          expect(journey.findings).toEqual([
            expect.objectContaining({
              code: 'randomised_again_different_arm',
              eventId: again.eventId,
              occurredOn: '2017-07-20',
            }),
          ]);
        });
    });

    it('ignores a later randomisation to the same arm, with a finding', () => {
      given(enrolment(), p.randomised('2017-07-12', 'ips'), p.randomised('2017-07-20', 'ips'))
        .whenFolded()
        .thenFindings('randomised_again_same_arm');
    });

    it('takes the earlier-dated randomisation as first even when it arrives later', () => {
      given(enrolment(), p.randomised('2017-07-20', 'usual_care'), p.randomised('2017-07-12', 'ips'))
        .whenFolded()
        .then((journey) => {
          expect(journey.randomisation).toEqual({ on: '2017-07-12', arm: 'ips' });
          expect(journey.findings.map((f) => f.code)).toEqual(['randomised_again_different_arm']);
        });
    });

    it('flags randomisation with no referral on or before its date', () => {
      const randomisation = p.randomised('2017-07-12', 'ips');
      given(
        p.assessed('2017-07-10', true),
        p.consented('2017-07-10'),
        randomisation,
        p.referred('2017-07-13'),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.findings).toEqual([
            expect.objectContaining({ code: 'randomised_without_referral', eventId: randomisation.eventId }),
          ]);
        });
    });

    it('accepts a referral on the same day as randomisation even if it arrives after it', () => {
      given(
        p.assessed('2017-07-12', true),
        p.consented('2017-07-12'),
        p.randomised('2017-07-12', 'ips'),
        p.referred('2017-07-12'),
      )
        .whenFolded()
        .thenFindings();
    });

    it('flags randomisation with no consent on or before its date', () => {
      given(
        p.referred('2017-07-03'),
        p.assessed('2017-07-10', true),
        p.randomised('2017-07-12', 'ips'),
        p.consented('2017-07-14'),
      )
        .whenFolded()
        .thenFindings('randomised_without_consent');
    });

    it('flags randomisation when the latest assessment before it found the person ineligible', () => {
      given(
        p.referred('2017-07-03'),
        p.assessed('2017-07-05', true),
        p.assessed('2017-07-10', false),
        p.consented('2017-07-10'),
        p.randomised('2017-07-12', 'ips'),
        p.assessed('2017-07-15', true),
      )
        .whenFolded()
        .thenFindings('randomised_when_ineligible');
    });

    it('does not flag randomisation when an earlier ineligible assessment was overturned before it', () => {
      given(
        p.referred('2017-07-03'),
        p.assessed('2017-07-05', false),
        p.assessed('2017-07-10', true),
        p.consented('2017-07-10'),
        p.randomised('2017-07-12', 'ips'),
      )
        .whenFolded()
        .thenFindings();
    });
  });

  describe('withdrawal', () => {
    it('is fixed by the first withdrawal; a later one is a finding', () => {
      given(
        p.referred('2017-07-03'),
        p.withdrawn('2017-08-01', 'moved_away'),
        p.withdrawn('2017-08-01', 'died'),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.withdrawal).toEqual({ on: '2017-08-01', reason: 'moved_away' });
          expect(journey.findings.map((f) => f.code)).toEqual(['withdrawn_again']);
        });
    });

    it('still folds events dated after the withdrawal, each with a finding', () => {
      const job = p.jobStarted('2017-09-01', 'job-1');
      given(p.referred('2017-07-03'), p.withdrawn('2017-08-01'), job)
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs.map((j) => j.jobId)).toEqual(['job-1']);
          expect(journey.findings).toEqual([
            expect.objectContaining({
              code: 'event_after_withdrawal',
              eventId: job.eventId,
              occurredOn: '2017-09-01',
            }),
          ]);
        });
    });

    it('does not flag events on the day of the withdrawal', () => {
      given(p.referred('2017-07-03'), p.withdrawn('2017-08-01'), p.consented('2017-08-01'))
        .whenFolded()
        .thenFindings();
    });

    it('flags a later withdrawal both as a second withdrawal and as after the first', () => {
      given(p.referred('2017-07-03'), p.withdrawn('2017-08-01'), p.withdrawn('2017-09-01'))
        .whenFolded()
        .thenFindings('withdrawn_again', 'event_after_withdrawal');
    });
  });

  describe('jobs', () => {
    const referral = () => p.referred('2017-07-03');

    it('opens a spell on job.started with hours at start and optional fields', () => {
      given(
        referral(),
        p.jobStarted('2017-09-18', 'job-1', {
          hoursPerWeek: 20,
          competitive: true,
          selfEmployed: false,
          hourlyWagePence: 950,
          socCode: '9233',
        }),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs).toEqual([
            {
              jobId: 'job-1',
              startedOn: '2017-09-18',
              endedOn: null,
              endReason: null,
              competitive: true,
              hoursAtStart: 20,
              hours: [{ on: '2017-09-18', hoursPerWeek: 20 }],
              selfEmployed: false,
              hourlyWagePence: 950,
              socCode: '9233',
              retentionChecks: [],
            },
          ]);
        });
    });

    it('lists jobs in start order', () => {
      given(referral(), p.jobStarted('2017-10-01', 'b'), p.jobStarted('2017-09-01', 'a'))
        .whenFolded()
        .then((journey) => expect(journey.jobs.map((j) => j.jobId)).toEqual(['a', 'b']));
    });

    it('closes a spell on job.ended', () => {
      given(
        referral(),
        p.jobStarted('2017-09-18', 'job-1'),
        p.jobEnded('2018-02-09', 'job-1', 'contract_ended'),
      )
        .whenFolded()
        .then((journey) =>
          expect(journey.jobs[0]).toMatchObject({ endedOn: '2018-02-09', endReason: 'contract_ended' }),
        );
    });

    it('records hours changes after the hours at start, leaving hoursAtStart alone', () => {
      given(
        referral(),
        p.jobStarted('2017-09-18', 'job-1', { hoursPerWeek: 12 }),
        p.hoursChanged('2017-11-01', 'job-1', 24),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs[0]?.hoursAtStart).toBe(12);
          expect(journey.jobs[0]?.hours).toEqual([
            { on: '2017-09-18', hoursPerWeek: 12 },
            { on: '2017-11-01', hoursPerWeek: 24 },
          ]);
        });
    });

    it('ignores a second start of the same job, with a finding', () => {
      given(
        referral(),
        p.jobStarted('2017-09-18', 'job-1', { hoursPerWeek: 20 }),
        p.jobStarted('2017-10-01', 'job-1', { hoursPerWeek: 30 }),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs).toHaveLength(1);
          expect(journey.jobs[0]).toMatchObject({ startedOn: '2017-09-18', hoursAtStart: 20 });
          expect(journey.findings.map((f) => f.code)).toEqual(['job_started_twice']);
        });
    });

    it('ignores the end of a job that never started, with a finding', () => {
      given(referral(), p.jobEnded('2017-10-01', 'job-9'))
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs).toEqual([]);
          expect(journey.findings.map((f) => f.code)).toEqual(['job_ended_without_start']);
        });
    });

    it('ignores the end of a job whose start is dated later', () => {
      given(referral(), p.jobEnded('2017-09-01', 'job-1'), p.jobStarted('2017-10-01', 'job-1'))
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs[0]?.endedOn).toBeNull();
          expect(journey.findings.map((f) => f.code)).toEqual(['job_ended_without_start']);
        });
    });

    it('ignores a second end, with a finding', () => {
      given(
        referral(),
        p.jobStarted('2017-09-18', 'job-1'),
        p.jobEnded('2017-12-01', 'job-1', 'resigned'),
        p.jobEnded('2018-01-01', 'job-1', 'health'),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs[0]).toMatchObject({ endedOn: '2017-12-01', endReason: 'resigned' });
          expect(journey.findings.map((f) => f.code)).toEqual(['job_ended_twice']);
        });
    });

    it('ignores a change of hours for a job that never started, with a finding', () => {
      given(referral(), p.hoursChanged('2017-10-01', 'job-9', 30))
        .whenFolded()
        .thenFindings('job_hours_changed_without_start');
    });

    it('ignores a change of hours after the job ended, with a finding', () => {
      given(
        referral(),
        p.jobStarted('2017-09-18', 'job-1'),
        p.jobEnded('2017-12-01', 'job-1'),
        p.hoursChanged('2017-12-05', 'job-1', 30),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs[0]?.hours).toHaveLength(1);
          expect(journey.findings.map((f) => f.code)).toEqual(['job_event_after_end']);
        });
    });

    it('records retention checks on the job', () => {
      given(referral(), p.jobStarted('2017-09-18', 'job-1'), p.retentionChecked('2017-12-18', 'job-1', true))
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs[0]?.retentionChecks).toEqual([{ on: '2017-12-18', inWork: true }]);
          expect(journey.findings).toEqual([]);
        });
    });

    it('ignores a retention check of a job that never started, with a finding', () => {
      given(referral(), p.retentionChecked('2017-12-18', 'job-9', true))
        .whenFolded()
        .thenFindings('job_retention_checked_without_start');
    });

    it('keeps but flags a check saying in work after the job ended', () => {
      given(
        referral(),
        p.jobStarted('2017-09-18', 'job-1'),
        p.jobEnded('2017-12-01', 'job-1'),
        p.retentionChecked('2017-12-18', 'job-1', true),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs[0]?.retentionChecks).toEqual([{ on: '2017-12-18', inWork: true }]);
          expect(journey.findings.map((f) => f.code)).toEqual(['retention_in_work_after_job_ended']);
        });
    });

    it('keeps but flags a check saying not in work while the job is open', () => {
      given(referral(), p.jobStarted('2017-09-18', 'job-1'), p.retentionChecked('2017-12-18', 'job-1', false))
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs[0]?.retentionChecks).toEqual([{ on: '2017-12-18', inWork: false }]);
          expect(journey.jobs[0]?.endedOn).toBeNull();
          expect(journey.findings.map((f) => f.code)).toEqual(['retention_not_in_work_but_job_open']);
        });
    });

    it('raises nothing for a check saying not in work after the job ended', () => {
      given(
        referral(),
        p.jobStarted('2017-09-18', 'job-1'),
        p.jobEnded('2017-12-01', 'job-1'),
        p.retentionChecked('2017-12-18', 'job-1', false),
      )
        .whenFolded()
        .thenFindings();
    });

    it('still folds a job dated before the first referral, with a finding', () => {
      const early = p.jobStarted('2017-06-01', 'job-0');
      given(early, p.referred('2017-07-03'))
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs.map((j) => j.jobId)).toEqual(['job-0']);
          expect(journey.findings).toEqual([
            expect.objectContaining({ code: 'job_before_referral', eventId: early.eventId }),
          ]);
        });
    });

    it('does not flag a job on the day of the referral', () => {
      given(p.jobStarted('2017-07-03', 'job-0'), p.referred('2017-07-03')).whenFolded().thenFindings();
    });
  });

  describe('missing referral', () => {
    it('flags a journey without any referral, on its earliest event', () => {
      const consent = p.consented('2017-07-10');
      given(p.assessed('2017-07-12', true), consent)
        .whenFolded()
        .then((journey) => {
          expect(journey.findings).toEqual([
            expect.objectContaining({
              code: 'missing_referral',
              eventId: consent.eventId,
              occurredOn: '2017-07-10',
            }),
          ]);
        });
    });

    it('raises it when the only referral was retracted', () => {
      const referral = p.referred('2017-07-03');
      given(referral, p.consented('2017-07-10'), p.retracted('2017-07-11', referral))
        .whenFolded()
        .thenFindings('missing_referral');
    });

    it('does not raise it when nothing but retractions is left', () => {
      given(p.retracted('2017-07-11', '00000000-0000-4000-8000-ffffffffffff'))
        .whenFolded()
        .thenFindings('retraction_target_not_found');
    });
  });

  describe('retractions', () => {
    it('removes the retracted event as if it never happened', () => {
      const wrongArm = p.randomised('2017-07-12', 'ips');
      given(p.enrolled('2017-07-03', 'usual_care').slice(0, 3), wrongArm, p.retracted('2017-07-20', wrongArm))
        .whenFolded()
        .then((journey) => {
          expect(journey.randomisation).toBeNull();
          expect(journey.findings).toEqual([]);
        });
    });

    it('removes the target whatever the retraction is dated, even before it', () => {
      const job = p.jobStarted('2017-09-18', 'job-1');
      given(p.referred('2017-07-03'), job, p.retracted('2017-01-01', job))
        .whenFolded()
        .then((journey) => expect(journey.jobs).toEqual([]));
    });

    it('lets the next randomisation stand once the first is retracted', () => {
      const first = p.randomised('2017-07-12', 'ips');
      given(
        p.referred('2017-07-03'),
        p.consented('2017-07-03'),
        first,
        p.randomised('2017-07-14', 'usual_care'),
        p.retracted('2017-07-20', first),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.randomisation).toEqual({ on: '2017-07-14', arm: 'usual_care' });
          expect(journey.findings).toEqual([]);
        });
    });

    it('reports a retraction whose target has not arrived', () => {
      const retraction = p.retracted('2017-07-20', '00000000-0000-4000-8000-0000000fffff');
      given(p.referred('2017-07-03'), retraction)
        .whenFolded()
        .then((journey) => {
          expect(journey.findings).toEqual([
            expect.objectContaining({
              code: 'retraction_target_not_found',
              eventId: retraction.eventId,
              occurredOn: '2017-07-20',
            }),
          ]);
        });
    });

    it('drops that finding and the target once the target arrives', () => {
      const job = p.jobStarted('2017-09-18', 'job-1');
      const retraction = p.retracted('2017-09-20', job);
      given(p.referred('2017-07-03'), retraction).whenFolded().thenFindings('retraction_target_not_found');
      given(p.referred('2017-07-03'), retraction, job)
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs).toEqual([]);
          expect(journey.findings).toEqual([]);
        });
    });

    it('ignores a retraction of a retraction: retractions are final', () => {
      const job = p.jobStarted('2017-09-18', 'job-1');
      const retraction = p.retracted('2017-09-20', job);
      const undo = p.retracted('2017-09-21', retraction);
      given(p.referred('2017-07-03'), job, retraction, undo)
        .whenFolded()
        .then((journey) => {
          expect(journey.jobs).toEqual([]);
          expect(journey.retractedCount).toBe(1);
          expect(journey.findings).toEqual([
            expect.objectContaining({ code: 'retraction_of_retraction', eventId: undo.eventId }),
          ]);
        });
    });

    it('contributes nothing else: a retraction after withdrawal is not an event after withdrawal', () => {
      const consent = p.consented('2017-07-10');
      given(p.referred('2017-07-03'), consent, p.withdrawn('2017-08-01'), p.retracted('2017-09-01', consent))
        .whenFolded()
        .thenFindings();
    });
  });

  describe('findings', () => {
    it('are listed in fold order of the events they are about', () => {
      given(
        p.referred('2017-07-03'),
        p.jobEnded('2017-12-01', 'x'),
        p.hoursChanged('2017-08-01', 'y', 10),
        p.retracted('2017-09-01', '00000000-0000-4000-8000-00000000abcd'),
      )
        .whenFolded()
        .thenFindings(
          'job_hours_changed_without_start',
          'retraction_target_not_found',
          'job_ended_without_start',
        );
    });

    it('never name the participant, even when a job id embeds it', () => {
      const jobId = 'SCR-000123-job';
      given(
        p.jobStarted('2017-06-01', jobId),
        p.jobStarted('2017-06-02', jobId),
        p.randomised('2017-06-03', 'ips'),
        p.randomised('2017-06-04', 'usual_care'),
        p.jobEnded('2017-06-05', 'SCR-000123-other'),
        p.hoursChanged('2017-06-06', 'SCR-000123-other', 3),
        p.retentionChecked('2017-06-07', 'SCR-000123-other', true),
        p.withdrawn('2017-06-08'),
        p.withdrawn('2017-06-09'),
        p.referred('2017-06-10'),
      )
        .whenFolded()
        .then((journey) => {
          expect(journey.findings.length).toBeGreaterThan(8);
          for (const finding of journey.findings) {
            expect(finding.message).not.toContain('SCR-000123');
            expect(finding.message.length).toBeGreaterThan(20);
          }
        });
    });
  });
});
