import type { DatasetCell, JobRecord, MeasurementRecord, ParticipantRecord } from '@ips/contracts';
import { latestOnOrBefore } from '../journey/dated-history';
import type { Journey } from '../journey/journey';
import type { ParticipantWellbeing } from '../wellbeing/wellbeing-windows';
import { evaluateParticipant, firstJobAsOf } from '../outcomes/evaluate-participant';
import { isSixteenPlusHours } from '../outcomes/follow-up';
import { INSTRUMENTS } from '../wellbeing/instruments';

/**
 * One participant's rows of the analysis dataset (DESIGN §6d) at `asOf`, on the true dates:
 * every derived value is evaluateParticipant's, the very function the outcomes API tallies,
 * so an evaluator's model starts from the published numbers. null when the participant had
 * no event dated on or before asOf. Pseudonym and date shift are the export's business.
 */
export interface AnalysisRecords {
  participant: ParticipantRecord;
  jobs: JobRecord[];
  measurements: MeasurementRecord[];
}

export function analysisRecords(journey: Journey, asOf: string): AnalysisRecords | null {
  const outcome = evaluateParticipant(journey, asOf, 'quarter');
  if (outcome === null) return null;
  const referral = latestOnOrBefore(journey.referrals, asOf);
  const assessment = latestOnOrBefore(journey.assessments, asOf);
  const consent = latestOnOrBefore(journey.consents, asOf);
  const randomisation =
    journey.randomisation !== null && journey.randomisation.on <= asOf ? journey.randomisation : null;
  const withdrawal = journey.withdrawal !== null && journey.withdrawal.on <= asOf ? journey.withdrawal : null;
  const randomised = randomisation !== null;

  const participant: ParticipantRecord = {
    site: journey.siteId,
    referredOn: referral?.on ?? null,
    condition: referral?.condition ?? null,
    referralSource: referral?.referralSource ?? null,
    employmentStatus: referral?.employmentStatus ?? null,
    ageBand: referral?.ageBand ?? null,
    sex: referral?.sex ?? null,
    assessedOn: assessment?.on ?? null,
    eligible: assessment?.eligible ?? null,
    consentedOn: consent?.on ?? null,
    randomised,
    randomisedOn: randomisation?.on ?? null,
    arm: outcome.dimensions.arm,
    cohort: outcome.dimensions.cohort,
    withdrawn: outcome.flow.withdrawn,
    withdrawnOn: withdrawal?.on ?? null,
    withdrawalReason: withdrawal?.reason ?? null,
    // not defined before randomisation: empty, not 0
    followUpComplete: randomised ? outcome.flow.followUpComplete : null,
    firstJobDays: outcome.firstJob?.days ?? null,
    firstJobEvent: outcome.firstJob?.event ?? null,
    jobStart12m: outcome.jobStart12m,
    daysEmployed12m: outcome.daysEmployed12m,
    worked13wIn12m: outcome.worked13wIn12m,
    firstJobHours: outcome.firstJobHours,
    firstJobHours16Plus: outcome.firstJobHours === null ? null : isSixteenPlusHours(outcome.firstJobHours),
    sustained13w: outcome.sustained13w,
    sustained26w: outcome.sustained26w,
    ...wellbeingColumns(outcome.wellbeing),
  };

  const first = firstJobAsOf(journey, asOf);
  const jobs: JobRecord[] = [];
  for (const job of journey.jobs) {
    if (job.startedOn > asOf) continue;
    const ended = job.endedOn !== null && job.endedOn <= asOf;
    jobs.push({
      job: jobs.length + 1,
      startedOn: job.startedOn,
      endedOn: ended ? job.endedOn : null,
      endReason: ended ? job.endReason : null,
      competitive: job.competitive,
      selfEmployed: job.selfEmployed ?? null,
      hoursAtStart: job.hoursAtStart,
      hoursAtAsOf: latestOnOrBefore(job.hours, asOf)?.hoursPerWeek ?? job.hoursAtStart,
      hourlyWagePence: job.hourlyWagePence ?? null,
      socCode: job.socCode ?? null,
      firstJob: job === first,
    });
  }

  // every measurement the fold keeps, dated on or before asOf (retracted and superseded same-day ones are gone)
  const measurements: MeasurementRecord[] = [];
  for (const instrument of INSTRUMENTS) {
    for (const m of journey.wellbeing?.[instrument] ?? []) {
      if (m.on > asOf) break;
      measurements.push({ instrument, measuredOn: m.on, score: m.score });
    }
  }

  return { participant, jobs, measurements };
}

type WellbeingCells = Pick<
  ParticipantRecord,
  `${(typeof INSTRUMENTS)[number]}${'Baseline' | 'FollowUp' | 'FollowUpDue'}`
>;

/** §6b per instrument, as evaluateParticipant has it; empty for a participant never randomised. */
function wellbeingColumns(wellbeing: readonly ParticipantWellbeing[] | null): WellbeingCells {
  const cells: Partial<Record<keyof WellbeingCells, DatasetCell>> = {};
  INSTRUMENTS.forEach((instrument, i) => {
    const w = wellbeing?.[i] ?? null;
    cells[`${instrument}Baseline`] = w?.baseline ?? null;
    cells[`${instrument}FollowUp`] = w?.followUp ?? null;
    cells[`${instrument}FollowUpDue`] = w?.due ?? null;
  });
  return cells as WellbeingCells;
}
