import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError, CurrentPrincipal, type Principal } from '@ips/platform';
import { TrialAccess } from '../../trials/trial-access';
import { GetParticipantJourney, type ParticipantJourneyView } from './get-participant-journey.query';

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
