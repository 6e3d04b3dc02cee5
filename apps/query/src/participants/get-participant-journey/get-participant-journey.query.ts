import { Query } from '@nestjs/cqrs';
import type { Journey } from '@ips/domain';

export interface ParticipantJourneyView {
  trialId: string;
  siteId: string;
  participantId: string;
  journey: Journey;
  findings: Journey['findings'];
  events: { eventId: string; type: string; occurredOn: string; recordedAt: string; retracted: boolean }[];
}

/** What is this participant's journey, with its findings and the events it was folded from? */
export class GetParticipantJourney extends Query<ParticipantJourneyView | null> {
  constructor(
    readonly trialId: string,
    readonly siteId: string,
    readonly participantId: string,
  ) {
    super();
  }
}
