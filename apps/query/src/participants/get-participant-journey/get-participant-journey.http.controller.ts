import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { objectOf } from '@ips/contracts';
import { Allow, ApiError, CurrentPrincipal, type Principal } from '@ips/platform';
import { TrialAccess } from '../../trials/trial-access';
import { GetParticipantJourney, type ParticipantJourneyView } from './get-participant-journey.query';

const string = { type: 'string' } as const;
/** The answer, as ParticipantJourneyView carries it (the journey is the projector's fold of the events). */
const PARTICIPANT_JOURNEY_SCHEMA = objectOf<ParticipantJourneyView>({
  trialId: string,
  siteId: string,
  participantId: string,
  journey: { type: 'object', description: 'the participant’s journey as the projector folded it' },
  findings: { type: 'array', items: { type: 'object' }, description: 'its open data-quality findings' },
  events: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        eventId: string,
        type: string,
        occurredOn: string,
        recordedAt: string,
        retracted: { type: 'boolean' },
      },
      required: ['eventId', 'type', 'occurredOn', 'recordedAt', 'retracted'],
    },
  },
}) as SchemaObject;

@ApiTags('participants')
@Controller('v1/trials')
export class GetParticipantJourneyHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: TrialAccess,
  ) {}

  @Get(':trialId/participants/:siteId/:participantId')
  @Allow('evaluator', 'programme_lead', 'site')
  @ApiOperation({
    summary: "One participant's journey, findings and events (a site key: its own participants only)",
  })
  @ApiOkResponse({
    description: 'the journey, its open findings, and the events it was folded from',
    schema: PARTICIPANT_JOURNEY_SCHEMA,
  })
  @ApiResponse({ status: 404, description: 'no such trial, or no such participant in this trial and site' })
  async journey(
    @Param('trialId') trialId: string,
    @Param('siteId') siteId: string,
    @Param('participantId') participantId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ParticipantJourneyView> {
    await this.access.scope(principal, trialId, siteId);
    const view = await this.queries.execute(new GetParticipantJourney(trialId, siteId, participantId));
    if (!view) throw new ApiError(404, 'no such participant in this trial and site');
    return view;
  }
}
