import type { FindingCode } from '@ips/domain';

// Data-quality findings (DESIGN §3, libs/domain journey/finding.ts) for a site's data
// manager: what each kind means in words, and how to put it right with events the ingest
// accepts (a retraction, a missing event, a corrected one). Every code has an entry
// (Record<FindingCode, …>), so a new kind of finding cannot reach the page unexplained.

export interface FindingGuide {
  /** the kind, as a heading */
  title: string;
  /** how to fix it: the events to send */
  fix: string;
}

const RETRACT =
  'send an event.retracted naming the wrong event (data.retractedEventId) with a short reason, then send the corrected event with a new eventId';

export const FINDING_GUIDES: Readonly<Record<FindingCode, FindingGuide>> = {
  retraction_target_not_found: {
    title: 'Retraction of an event that was never received',
    fix: 'Check data.retractedEventId: it must be the eventId of an earlier event of the same participant. If it was mistyped, send a new retraction with the right eventId (this one then does nothing); if the event it names is still to be sent, the finding clears once it arrives.',
  },
  retraction_of_retraction: {
    title: 'Retraction of a retraction',
    fix: 'A retraction cannot be undone by retracting it. Send the original event again with a new eventId instead.',
  },
  randomised_again_different_arm: {
    title: 'Randomised twice, to different arms',
    fix: `Only the first randomisation counts. If the first one is wrong, ${RETRACT}.`,
  },
  randomised_again_same_arm: {
    title: 'Randomised twice, to the same arm',
    fix: 'The second randomisation is ignored. Retract it (event.retracted) to clear the finding.',
  },
  randomised_without_referral: {
    title: 'Randomised without a referral',
    fix: 'Send the participant.referred event (with its date, condition, source and employment status) that your records hold.',
  },
  randomised_without_consent: {
    title: 'Randomised without consent',
    fix: 'Send the participant.consented event dated on or before the randomisation; if consent was never given, retract the randomisation.',
  },
  randomised_when_ineligible: {
    title: 'Randomised although assessed ineligible',
    fix: `If the eligibility assessment is wrong, ${RETRACT}; otherwise retract the randomisation.`,
  },
  withdrawn_again: {
    title: 'Withdrawn twice',
    fix: 'Only the first withdrawal counts. Retract the extra withdrawal, or retract the first and keep the right one.',
  },
  event_after_withdrawal: {
    title: 'Event dated after the withdrawal',
    fix: `Check the dates. If the withdrawal date is wrong, ${RETRACT}; if the event should not be there, retract it.`,
  },
  job_started_twice: {
    title: 'The same job started twice',
    fix: 'Each job has one job.started per data.jobId. Retract the extra start, or give a second job its own jobId.',
  },
  job_ended_without_start: {
    title: 'A job ended that never started',
    fix: 'Send the missing job.started with the same data.jobId (its date, hours and whether it is competitive), or correct the jobId of the end.',
  },
  job_ended_twice: {
    title: 'The same job ended twice',
    fix: 'Only the first end counts. Retract the extra job.ended.',
  },
  job_hours_changed_without_start: {
    title: 'Hours changed for a job that never started',
    fix: 'Send the missing job.started with the same data.jobId, or correct the jobId of the change.',
  },
  job_event_after_end: {
    title: 'Job event dated after the job ended',
    fix: `Check the dates. If the end date is wrong, ${RETRACT}; if the later event is wrong, retract it.`,
  },
  job_retention_checked_without_start: {
    title: 'Retention check of a job that never started',
    fix: 'Send the missing job.started with the same data.jobId, or correct the jobId of the check.',
  },
  retention_in_work_after_job_ended: {
    title: 'In work at a check after the job ended',
    fix: `If the person was still in that job, retract the job.ended (and send the right end later); otherwise ${RETRACT} for the check.`,
  },
  retention_not_in_work_but_job_open: {
    title: 'Not in work at a check, but the job is still open',
    fix: 'Send the job.ended for that jobId, dated when the job ended (the job counts as open until then).',
  },
  job_before_referral: {
    title: 'Job dated before the referral',
    fix: `Check both dates. If the referral date is wrong, ${RETRACT}; jobs held before referral are not IPS outcomes, so retract such a job.`,
  },
  missing_referral: {
    title: 'Events for a participant never referred',
    fix: 'Send the participant.referred event for this participant, or correct the participantId of the events if it was mistyped.',
  },
  wellbeing_measured_twice_same_day: {
    title: 'Two scores on the same instrument on the same day',
    fix: 'Only the later one counts. Retract the wrong score.',
  },
};

/** The guide for a finding code; a code this build does not know gets a plain one. */
export function findingGuide(code: string): FindingGuide {
  const known = (FINDING_GUIDES as Readonly<Record<string, FindingGuide>>)[code];
  if (known) return known;
  const words = code.replace(/_/g, ' ');
  return {
    title: words.charAt(0).toUpperCase() + words.slice(1),
    fix: 'Read the message of each finding below; correct the events it names with a retraction and a new event.',
  };
}
