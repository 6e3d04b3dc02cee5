import { Body, Controller, HttpCode, Inject, Param, Post, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { isCalendarDate, latestAcceptableDate } from '@ips/contracts';
import {
  Allow,
  ApiError,
  AuditLog,
  CLOCK,
  CurrentPrincipal,
  strictValidationPipe,
  type Clock,
  type Principal,
} from '@ips/platform';
import { ScheduleStore } from '@ips/persistence';
import { firstAnniversary, localDate } from '../../schedules/schedule-calendar';
import { TrialNotFoundError } from '../report-snapshot.reader';
import type { ReportMetadata } from '../report-types';
import { GenerateReport } from './generate-report.command';
import { GenerateReportRequestDto } from './generate-report.request.dto';
import { openApi, REPORT_METADATA_SCHEMA } from '../../reporting-api.schema';

@ApiTags('reports')
@Controller('v1/trials')
export class GenerateReportHttpController {
  /** trials with an on-demand report being produced by this instance: each reads the whole trial */
  private readonly busy = new Set<string>();

  constructor(
    private readonly commands: CommandBus,
    private readonly schedules: ScheduleStore,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':trialId/reports')
  @HttpCode(201)
  @Allow('programme_lead', 'admin')
  @UsePipes(strictValidationPipe())
  @ApiOperation({
    summary: 'Produce and publish a report now (roles programme_lead, admin)',
    description:
      'An interim report as of any date up to today, or the first-year results (as of the first anniversary, once it has passed) — again if ' +
      'they exist already: each is a new version. Answers with the report’s metadata; subscribers and the ips.reports.published topic hear of it.',
  })
  @ApiResponse({
    status: 201,
    description: 'the new report’s metadata, with its id, version, contentHash and links',
    schema: openApi(REPORT_METADATA_SCHEMA),
  })
  @ApiResponse({ status: 400, description: 'asOf breaks its rule (named)' })
  @ApiResponse({ status: 404, description: 'no such trial' })
  @ApiResponse({ status: 409, description: 'first-year results asked for before the first anniversary' })
  @ApiResponse({ status: 429, description: 'a report of this trial is already being produced on demand' })
  async generate(
    @Param('trialId') trialId: string,
    @Body() body: GenerateReportRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReportMetadata> {
    const now = this.clock.now();
    const schedule = await this.schedules.get(trialId, now);
    if (!schedule) throw new ApiError(404, `trial ${trialId} does not exist`);
    const today = localDate(now, schedule.timezone);
    let asOf = body.asOf;
    if (asOf !== undefined && !isCalendarDate(asOf))
      throw invalid(`asOf must be a real calendar date (${asOf} does not exist)`);
    if (asOf !== undefined && asOf > latestAcceptableDate(now))
      throw invalid('asOf must not be in the future');
    if (body.type === 'first_year') {
      const anniversary = firstAnniversary(schedule.startDate);
      if (asOf !== undefined && asOf !== anniversary)
        throw invalid(`first_year results are as of the trial’s first anniversary, ${anniversary}`);
      if (anniversary > today)
        throw new ApiError(
          409,
          `first_year results cannot be produced before the first anniversary, ${anniversary}`,
        );
      asOf = anniversary;
    }
    asOf ??= today;
    if (asOf < schedule.startDate)
      throw invalid(`asOf must not be before the trial started (${schedule.startDate})`);
    if (this.busy.has(trialId))
      throw new ApiError(
        429,
        `a report of trial ${trialId} is being produced; try again when it is done`,
        undefined,
        { 'Retry-After': '5' },
      );
    this.busy.add(trialId);
    try {
      const report = await this.commands.execute(
        new GenerateReport(trialId, body.type, asOf, 'on_demand', principal.keyId),
      );
      await this.audit.record({
        actor: principal.keyId,
        action: 'report.generate',
        outcome: 'ok',
        details: { trialId, type: body.type, asOf, reportId: report.id },
      });
      return report;
    } catch (err) {
      if (err instanceof TrialNotFoundError) throw new ApiError(404, err.message);
      throw err;
    } finally {
      this.busy.delete(trialId);
    }
  }
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'request is invalid', [{ path: 'asOf', message }]);
}
