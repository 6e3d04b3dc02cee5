import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ParticipantJourneyStore } from '@ips/persistence';
import { GetParticipantJourney, type ParticipantJourneyView } from './get-participant-journey.query';

@QueryHandler(GetParticipantJourney)
export class GetParticipantJourneyHandler implements IQueryHandler<
  GetParticipantJourney,
  ParticipantJourneyView | null
> {
  constructor(private readonly store: ParticipantJourneyStore) {}

  async execute(q: GetParticipantJourney): Promise<ParticipantJourneyView | null> {
    const journey = await this.store.journey(q.trialId, q.siteId, q.participantId);
    if (journey === null) return null;
    const events = await this.store.events(q.siteId, q.participantId);
    return {
      trialId: q.trialId,
      siteId: q.siteId,
      participantId: q.participantId,
      journey,
      findings: journey.findings,
      events: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        occurredOn: e.occurredOn,
        recordedAt: new Date(e.recordedAt).toISOString(),
        retracted: e.retracted,
      })),
    };
  }
}
