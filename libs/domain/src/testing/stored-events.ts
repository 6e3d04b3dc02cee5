import type {
  Arm,
  EventDataByType,
  EventType,
  JobEndReason,
  JobStartedData,
  ReferredData,
  StoredEvent,
  WellbeingInstrument,
  WithdrawalReason,
} from '@ips/contracts';

// Builders for one participant's stored events. Each event gets the next seq and a fresh
// UUID-shaped id, so the order of the builder calls is the arrival order.

let counter = 0;

function nextNumber(): number {
  counter += 1;
  return counter;
}

export function eventIdFor(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export interface Identity {
  trialId: string;
  siteId: string;
  participantId: string;
}

export const DEFAULT_PARTICIPANT: Identity = {
  trialId: 'trial-1',
  siteId: 'site-a',
  participantId: 'P-0001',
};

export function storedEvent<T extends EventType>(
  identity: Identity,
  type: T,
  occurredOn: string,
  data: EventDataByType[T],
): StoredEvent {
  const n = nextNumber();
  return {
    eventId: eventIdFor(n),
    type,
    schemaVersion: 1,
    ...identity,
    occurredOn,
    data,
    recordedAt: '2019-01-01T00:00:00.000Z',
    seq: n,
  } as StoredEvent;
}

export class ParticipantEvents {
  constructor(readonly identity: Identity) {}

  referred(on: string, data: Partial<ReferredData> = {}): StoredEvent {
    return storedEvent(this.identity, 'participant.referred', on, {
      condition: 'mental_health',
      referralSource: 'primary_care',
      employmentStatus: 'unemployed',
      ...data,
    });
  }

  assessed(on: string, eligible: boolean, reason?: string): StoredEvent {
    return storedEvent(
      this.identity,
      'participant.eligibility_assessed',
      on,
      reason === undefined ? { eligible } : { eligible, reason },
    );
  }

  consented(on: string): StoredEvent {
    return storedEvent(this.identity, 'participant.consented', on, {});
  }

  randomised(on: string, arm: Arm): StoredEvent {
    return storedEvent(this.identity, 'participant.randomised', on, { arm });
  }

  withdrawn(on: string, reason: WithdrawalReason = 'lost_to_follow_up'): StoredEvent {
    return storedEvent(this.identity, 'participant.withdrawn', on, { reason });
  }

  jobStarted(on: string, jobId: string, data: Partial<Omit<JobStartedData, 'jobId'>> = {}): StoredEvent {
    return storedEvent(this.identity, 'job.started', on, {
      jobId,
      hoursPerWeek: 20,
      competitive: true,
      ...data,
    });
  }

  hoursChanged(on: string, jobId: string, hoursPerWeek: number): StoredEvent {
    return storedEvent(this.identity, 'job.hours_changed', on, { jobId, hoursPerWeek });
  }

  jobEnded(on: string, jobId: string, reason: JobEndReason = 'resigned'): StoredEvent {
    return storedEvent(this.identity, 'job.ended', on, { jobId, reason });
  }

  retentionChecked(on: string, jobId: string, inWork: boolean): StoredEvent {
    return storedEvent(this.identity, 'job.retention_checked', on, { jobId, inWork });
  }

  measured(on: string, instrument: WellbeingInstrument, score: number): StoredEvent {
    return storedEvent(this.identity, 'wellbeing.measured', on, { instrument, score });
  }

  retracted(on: string, target: StoredEvent | string, reason = 'entered in error'): StoredEvent {
    const retractedEventId = typeof target === 'string' ? target : target.eventId;
    return storedEvent(this.identity, 'event.retracted', on, { retractedEventId, reason });
  }

  /** Referred, found eligible, consented and randomised, all on one day. */
  enrolled(on: string, arm: Arm, referral: Partial<ReferredData> = {}): StoredEvent[] {
    return [
      this.referred(on, referral),
      this.assessed(on, true),
      this.consented(on),
      this.randomised(on, arm),
    ];
  }
}

export function participant(
  participantId = DEFAULT_PARTICIPANT.participantId,
  siteId = DEFAULT_PARTICIPANT.siteId,
): ParticipantEvents {
  return new ParticipantEvents({ trialId: DEFAULT_PARTICIPANT.trialId, siteId, participantId });
}
