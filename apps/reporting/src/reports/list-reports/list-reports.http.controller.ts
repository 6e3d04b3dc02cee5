import { Controller, Get, Header, Query, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, strictValidationPipe } from '@ips/platform';
import type { ReportMetadata } from '../report-types';
import { ListReports } from './list-reports.query';
import { ListReportsRequestDto } from './list-reports.request.dto';

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
  async list(@Query() request: ListReportsRequestDto): Promise<{ reports: ReportMetadata[] }> {
    return {
      reports: await this.queries.execute(
        new ListReports(request.trialId, request.type, request.limit ?? 50),
      ),
    };
  }
}
