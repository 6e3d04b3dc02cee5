import { Controller, Get, Header, Inject, Param, Query, Res, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';
import {
  Allow,
  ApiError,
  CLOCK,
  CurrentPrincipal,
  strictValidationPipe,
  type Clock,
  type Principal,
} from '@ips/platform';
import { TrialAccess } from '../../trials/trial-access';
import { OutcomesRequestDto } from '../get-trial-outcomes/outcomes-request.dto';
import { outcomesCut } from '../outcomes-cut';
import { firstJobCurvesChartSvg, MAX_CHART_SERIES, TooManyCurvesError } from './first-job-curves.chart';
import {
  FIRST_JOB_CURVES_EXAMPLE,
  firstJobCurvesResponse,
  type FirstJobCurvesResponse,
} from './first-job-curves.response';
import { GetFirstJobCurves, type FirstJobCurves } from './get-first-job-curves.query';
import { FIRST_JOB_CURVES_SCHEMA } from '@ips/contracts';

// An SVG answer is an image: it may draw, never run or load anything.
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const SAME_CUT =
  'Same parameters, same journeys, same access rules and same groups (keys and order) as `GET /v1/trials/{trialId}/outcomes`; a site key sees only its own site.';

@ApiTags('outcomes')
@Controller('v1/trials')
export class GetFirstJobCurvesHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: TrialAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':trialId/outcomes/first-job-curves')
  @Allow('evaluator', 'programme_lead', 'site')
  @UsePipes(strictValidationPipe())
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Full Kaplan–Meier curves of time to first job, per group (every step of `firstJob`)',
    description:
      `${SAME_CUT} Each group's curve is every distinct day with a first job or an end of follow-up, as the cumulative incidence ` +
      'F = 1 − S with 95% log-log limits (R `survfit(conf.type = "log-log")`). F at day t is the last step on or before t (0 before the first); ' +
      'the number at risk at t is that of the first step on or after t, and nobody at risk (no step on or after t) means F(t) is not estimable — ' +
      'which is how the outcomes endpoint reports days 91, 182 and 365. Not disclosure-controlled.',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'one curve per group',
    schema: { ...(FIRST_JOB_CURVES_SCHEMA as SchemaObject), example: FIRST_JOB_CURVES_EXAMPLE },
  })
  @ApiResponse({ status: 400, description: 'a query parameter breaks its rule (named)' })
  async curves(
    @Param('trialId') trialId: string,
    @Query() request: OutcomesRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FirstJobCurvesResponse> {
    return firstJobCurvesResponse(await this.read(trialId, request, principal));
  }

  @Get(':trialId/outcomes/first-job-curves.svg')
  @Allow('evaluator', 'programme_lead', 'site')
  @UsePipes(strictValidationPipe())
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The same curves drawn as an SVG chart (the reports’ Kaplan–Meier chart, with 95% bands)',
    description:
      `${SAME_CUT} One series per group with anyone randomised, at most ${MAX_CHART_SERIES} (more is 400: narrow the cut with filters, e.g. \`groupBy=arm&condition=mental_health\`). ` +
      'The SVG has no scripts and loads nothing; it is labelled for screen readers by its title and description.',
  })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'the chart', content: { 'image/svg+xml': { schema: { type: 'string' } } } })
  async chart(
    @Param('trialId') trialId: string,
    @Query() request: OutcomesRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const result = await this.read(trialId, request, principal);
    let svg: string;
    try {
      svg = firstJobCurvesChartSvg(result);
    } catch (err) {
      if (err instanceof TooManyCurvesError)
        throw new ApiError(400, err.message, [{ path: 'groupBy', message: err.message }]);
      throw err;
    }
    res.setHeader('Content-Security-Policy', SVG_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('image/svg+xml; charset=utf-8');
    return svg;
  }

  private async read(
    trialId: string,
    request: OutcomesRequestDto,
    principal: Principal,
  ): Promise<FirstJobCurves> {
    const scope = await this.access.scope(principal, trialId, request.site);
    const cut = outcomesCut(request, scope, this.clock);
    return this.queries.execute(
      new GetFirstJobCurves(trialId, cut.asOf, cut.groupBy, cut.filters, cut.cohortBy),
    );
  }
}
