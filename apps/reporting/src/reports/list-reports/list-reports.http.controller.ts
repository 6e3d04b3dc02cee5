import { Controller, Get, Header, Query, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, strictValidationPipe } from '@ips/platform';
import type { ReportMetadata } from '../report-types';
import { ListReports } from './list-reports.query';
import { ListReportsRequestDto } from './list-reports.request.dto';
import { REPORT_METADATA_SCHEMA, listOf } from '../../reporting-api.schema';

@ApiTags('reports')
@Controller('v1/reports')
export class ListReportsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Allow('programme_lead', 'evaluator')
  @UsePipes(strictValidationPipe())
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The report archive, newest first: metadata, hashes and links (roles programme_lead, evaluator)',
  })
  @ApiOkResponse({
    description: 'the reports, newest first',
    schema: listOf('reports', REPORT_METADATA_SCHEMA),
  })
  @ApiResponse({ status: 400, description: 'a query parameter breaks its rule (named)' })
  async list(@Query() request: ListReportsRequestDto): Promise<{ reports: ReportMetadata[] }> {
    return {
      reports: await this.queries.execute(
        new ListReports(request.trialId, request.type, request.limit ?? 50),
      ),
    };
  }
}
