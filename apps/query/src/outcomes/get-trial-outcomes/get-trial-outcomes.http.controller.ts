import { Controller, Get, Header, Inject, Param, Query, Req, Res, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Request, Response } from 'express';
import {
  comparisonColumns,
  comparisonRow,
  effectColumns,
  effectRow,
  outcomeGroupColumns,
  outcomeGroupRow,
  stratifiedEffectCells,
  stratifiedEffectColumns,
  toCsv,
  wellbeingGroupCells,
  wellbeingGroupColumns,
  CURRENT_DEFINITIONS_VERSION,
  OUTCOMES_RESPONSE_SCHEMA,
  type AnyOutcomesResponse,
  type DefinitionsVersion,
  type OutcomeCsvSection,
} from '@ips/contracts';
import {
  Allow,
  ApiError,
  CLOCK,
  CurrentPrincipal,
  strictValidationPipe,
  type Clock,
  type Principal,
} from '@ips/platform';
import { outcomesCut } from '../outcomes-cut';
import { TrialAccess } from '../../trials/trial-access';
import { GetTrialOutcomes } from './get-trial-outcomes.query';
import { TrialOutcomesRequestDto } from './trial-outcomes-request.dto';

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
    summary: 'Interim outcomes for any cut of a trial at any as-of date',
    description:
      'JSON by default, definitions version 2 unless `definitionsVersion=1` asks for the version-1 shape. ' +
      '`Accept: text/csv` gives the same groups flattened (`section=effects` or `section=comparisons` for those tables). ' +
      'A site key sees only its own site.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'the groups of the cut, their outcomes, and IPS compared with usual care',
    content: {
      'application/json': { schema: OUTCOMES_RESPONSE_SCHEMA as SchemaObject },
      'text/csv': { schema: { type: 'string', description: 'one row per group, a column per figure' } },
    },
  })
  async outcomes(
    @Param('trialId') trialId: string,
    @Query() request: TrialOutcomesRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AnyOutcomesResponse | string> {
    const scope = await this.access.scope(principal, trialId, request.site);
    const cut = outcomesCut(request, scope, this.clock);
    const version = Number(request.definitionsVersion ?? CURRENT) as DefinitionsVersion;
    const section = (request.section ?? 'groups') as OutcomeCsvSection;
    if (section === 'comparisons' && version === 1) {
      throw new ApiError(400, 'request is invalid', [
        {
          path: 'section',
          message: 'section=comparisons needs definitionsVersion 2 (comparisons are not in version 1)',
        },
      ]);
    }
    const result = await this.queries.execute(
      new GetTrialOutcomes(trialId, cut.asOf, cut.groupBy, cut.filters, cut.cohortBy, version),
    );
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv');
      const suffix = section === 'groups' ? '' : `-${section}`;
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${trialId}-outcomes${suffix}-${cut.asOf}.csv"`,
      );
      return outcomesCsv(result, section);
    }
    return result;
  }
}

const CURRENT: DefinitionsVersion = CURRENT_DEFINITIONS_VERSION;

/** The CSV of one table of an answer, in the answer's own definitions version (DESIGN §7). */
export function outcomesCsv(result: AnyOutcomesResponse, section: OutcomeCsvSection): string {
  const keyDims = result.groupBy.filter((d) => d !== 'arm');
  if (result.definitionsVersion === 1) {
    if (section === 'effects') {
      return toCsv(
        effectColumns(keyDims),
        result.effects.map((e) => effectRow(e, keyDims)),
      );
    }
    return toCsv(
      outcomeGroupColumns(result.groupBy),
      result.groups.map((g) => outcomeGroupRow(g, result.groupBy)),
    );
  }
  switch (section) {
    case 'groups':
      return toCsv(
        [...outcomeGroupColumns(result.groupBy), ...wellbeingGroupColumns()],
        result.groups.map((g) => [
          ...outcomeGroupRow(g, result.groupBy),
          ...wellbeingGroupCells(g.wellbeing),
        ]),
      );
    case 'effects':
      return toCsv(
        [...effectColumns(keyDims), ...stratifiedEffectColumns()],
        result.effects.map((e) => [...effectRow(e, keyDims), ...stratifiedEffectCells(e)]),
      );
    case 'comparisons':
      return toCsv(
        comparisonColumns(keyDims),
        result.comparisons.map((c) => comparisonRow(c, keyDims)),
      );
  }
}
