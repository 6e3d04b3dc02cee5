import type {
  AgeBand,
  Arm,
  Condition,
  EmploymentStatus,
  EventType,
  JobEndReason,
  ReferralSource,
  Sex,
  WellbeingInstrument,
  WithdrawalReason,
} from './vocabulary';

// The event contract, version 1 (DESIGN §3), as plain types. Pure: no runtime imports,
// so libs/domain can `import type` these without pulling in a framework.

export interface ReferredData {
  condition: Condition;
  referralSource: ReferralSource;
  employmentStatus: EmploymentStatus;
  ageBand?: AgeBand;
  sex?: Sex;
}
export interface EligibilityAssessedData {
  eligible: boolean;
  reason?: string;
}
export type ConsentedData = Record<string, never>;
export interface RandomisedData {
  arm: Arm;
}
export interface WithdrawnData {
  reason: WithdrawalReason;
}
export interface JobStartedData {
  jobId: string;
  hoursPerWeek: number;
  competitive: boolean;
  selfEmployed?: boolean;
  hourlyWagePence?: number;
  socCode?: string;
}
export interface JobHoursChangedData {
  jobId: string;
  hoursPerWeek: number;
}
export interface JobEndedData {
  jobId: string;
  reason: JobEndReason;
}
export interface JobRetentionCheckedData {
  jobId: string;
  inWork: boolean;
}
export interface EventRetractedData {
  retractedEventId: string;
  reason: string;
}

/** Contract version 1.1: an integer score within its instrument's range (WELLBEING_SCALES). */
export interface WellbeingMeasuredData {
  instrument: WellbeingInstrument;
  score: number;
}

export interface EventDataByType {
  'participant.referred': ReferredData;
  'participant.eligibility_assessed': EligibilityAssessedData;
  'participant.consented': ConsentedData;
  'participant.randomised': RandomisedData;
  'participant.withdrawn': WithdrawnData;
  'job.started': JobStartedData;
  'job.hours_changed': JobHoursChangedData;
  'job.ended': JobEndedData;
  'job.retention_checked': JobRetentionCheckedData;
  'event.retracted': EventRetractedData;
  'wellbeing.measured': WellbeingMeasuredData;
}

/** What a site sends: one envelope per event. */
export type EventEnvelopeOf<T extends EventType> = {
  eventId: string;
  type: T;
  schemaVersion: 1;
  siteId: string;
  participantId: string;
  /** ISO date YYYY-MM-DD */
  occurredOn: string;
  data: EventDataByType[T];
};
export type EventEnvelope = { [T in EventType]: EventEnvelopeOf<T> }[EventType];

/** What goes on Kafka: the envelope plus the fields the ingest adds on acceptance. */
export type RecordedEvent = EventEnvelope & {
  trialId: string;
  /** ISO timestamp of acceptance by the ingest service */
  recordedAt: string;
};

/** An event as held in the per-participant event store; `seq` is its arrival order. */
export type StoredEvent = RecordedEvent & { seq: number };

export interface FieldError {
  /** dotted path of the offending field, e.g. `data.hoursPerWeek`; `''` for the whole envelope */
  path: string;
  message: string;
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
