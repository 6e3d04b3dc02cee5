import { Controller, Get, Header, Inject, Param, Query, Req, Res, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { outcomeGroupColumns, outcomeGroupRow, toCsv, type OutcomesResponse } from '@ips/contracts';
import {
  Allow,
  CLOCK,
  CurrentPrincipal,
  strictValidationPipe,
  type Clock,
  type Principal,
} from '@ips/platform';
import { outcomesCut } from '../outcomes-cut';
import { TrialAccess } from '../../trials/trial-access';
import { GetTrialOutcomes } from './get-trial-outcomes.query';
import { OutcomesRequestDto } from './outcomes-request.dto';

@ApiTags('outcomes')
@Controller('v1/trials')
export class GetTrialOutcomesHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: TrialAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':trialId/outcomes')
  @Allow('evaluator', 'programme_lead', 'site')
  @UsePipes(strictValidationPipe())
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Interim outcomes for any cut at any as-of date (DESIGN §6–§7)',
    description:
      'JSON by default; `Accept: text/csv` gives the same groups flattened. A site key sees only its own site.',
  })
  @ApiProduces('application/json', 'text/csv')
  async outcomes(
    @Param('trialId') trialId: string,
    @Query() request: OutcomesRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OutcomesResponse | string> {
    const scope = await this.access.scope(principal, trialId, request.site);
    const cut = outcomesCut(request, scope, this.clock);
    const result = await this.queries.execute(
      new GetTrialOutcomes(trialId, cut.asOf, cut.groupBy, cut.filters, cut.cohortBy),
    );
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv');
      res.setHeader('Content-Disposition', `attachment; filename="${trialId}-outcomes-${cut.asOf}.csv"`);
      return toCsv(
        outcomeGroupColumns(result.groupBy),
        result.groups.map((g) => outcomeGroupRow(g, result.groupBy)),
      );
    }
    return result;
  }
}
