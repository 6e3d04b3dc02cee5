import type {
  JobEndedData,
  JobHoursChangedData,
  JobRetentionCheckedData,
  JobStartedData,
  StoredEvent,
} from '@ips/contracts';
import type { JobSpell } from './journey';
import type { FoldState } from './fold-state';
import { findingAbout } from './pending-finding';

// Messages never repeat the jobId: sites choose job ids and some embed the participant's
// id in them. The finding's eventId is enough to find the record.

export function applyJobStarted(state: FoldState, event: StoredEvent, data: JobStartedData): void {
  state.jobStartEvents.push(event);
  const existing = state.jobs.get(data.jobId);
  if (existing !== undefined) {
    state.findings.push(
      findingAbout(
        event,
        'job_started_twice',
        `This job was already recorded as started on ${existing.startedOn}. The first start stands; this one was ignored.`,
      ),
    );
    return;
  }
  const job: JobSpell = {
    jobId: data.jobId,
    startedOn: event.occurredOn,
    endedOn: null,
    endReason: null,
    competitive: data.competitive,
    hoursAtStart: data.hoursPerWeek,
    hours: [{ on: event.occurredOn, hoursPerWeek: data.hoursPerWeek }],
    retentionChecks: [],
  };
  if (data.selfEmployed !== undefined) job.selfEmployed = data.selfEmployed;
  if (data.hourlyWagePence !== undefined) job.hourlyWagePence = data.hourlyWagePence;
  if (data.socCode !== undefined) job.socCode = data.socCode;
  state.jobs.set(data.jobId, job);
}

export function applyJobEnded(state: FoldState, event: StoredEvent, data: JobEndedData): void {
  const job = state.jobs.get(data.jobId);
  if (job === undefined) {
    state.findings.push(
      findingAbout(
        event,
        'job_ended_without_start',
        'This job end names a job with no start on or before this date. It was ignored; ' +
          'if the start date is wrong, retract the start and send it again with the right date.',
      ),
    );
    return;
  }
  if (job.endedOn !== null) {
    state.findings.push(
      findingAbout(
        event,
        'job_ended_twice',
        `This job was already recorded as ended on ${job.endedOn}. The first end stands; this one was ignored.`,
      ),
    );
    return;
  }
  job.endedOn = event.occurredOn;
  job.endReason = data.reason;
}

export function applyJobHoursChanged(state: FoldState, event: StoredEvent, data: JobHoursChangedData): void {
  const job = state.jobs.get(data.jobId);
  if (job === undefined) {
    state.findings.push(
      findingAbout(
        event,
        'job_hours_changed_without_start',
        'This change of hours names a job with no start on or before this date. It was ignored.',
      ),
    );
    return;
  }
  if (job.endedOn !== null) {
    state.findings.push(
      findingAbout(
        event,
        'job_event_after_end',
        `This change of hours comes after the job ended on ${job.endedOn}. It was ignored.`,
      ),
    );
    return;
  }
  job.hours.push({ on: event.occurredOn, hoursPerWeek: data.hoursPerWeek });
}

export function applyRetentionChecked(
  state: FoldState,
  event: StoredEvent,
  data: JobRetentionCheckedData,
): void {
  const job = state.jobs.get(data.jobId);
  if (job === undefined) {
    state.findings.push(
      findingAbout(
        event,
        'job_retention_checked_without_start',
        'This retention check names a job with no start on or before this date. It was ignored.',
      ),
    );
    return;
  }
  if (data.inWork && job.endedOn !== null) {
    state.findings.push(
      findingAbout(
        event,
        'retention_in_work_after_job_ended',
        `This retention check says the person is in work, but the job ended on ${job.endedOn}. ` +
          'The check is kept; the end date was not changed.',
      ),
    );
  } else if (!data.inWork && job.endedOn === null) {
    state.findings.push(
      findingAbout(
        event,
        'retention_not_in_work_but_job_open',
        'This retention check says the person is no longer in work, but no end of the job has been recorded. ' +
          'Outcomes treat the job as open until a job end is sent.',
      ),
    );
  }
  job.retentionChecks.push({ on: event.occurredOn, inWork: data.inWork });
}
