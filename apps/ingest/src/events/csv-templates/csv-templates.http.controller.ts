import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_TYPES } from '@ips/contracts';
import { ApiError, Public } from '@ips/platform';
import { csvTemplate, isEventType, templateFileName } from './csv-template';

@ApiTags('events')
@Controller('v1/events/csv/templates')
export class CsvTemplatesHttpController {
  @Get(':file')
  @Public()
  @ApiOperation({
    summary: 'A CSV template for one event type: its columns and one example row (public; it holds no data)',
    description:
      'Made from the contract: the columns `POST /v1/events/csv` reads for that type and the example envelope of the API documentation. ' +
      'Replace the example row with your own events (a fresh eventId for each).',
  })
  @ApiParam({ name: 'file', description: '`<type>.csv`', enum: EVENT_TYPES.map((t) => `${t}.csv`) })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'the template: a header row and one example row',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 404, description: 'no template of that name' })
  template(@Param('file') file: string, @Res() res: Response): void {
    const type = file.endsWith('.csv') ? file.slice(0, -4) : file;
    if (!isEventType(type))
      throw new ApiError(
        404,
        `no template ${file}: there is one per event type, ${EVENT_TYPES.map((t) => `${t}.csv`).join(', ')}`,
      );
    res.setHeader('Content-Disposition', `attachment; filename="${templateFileName(type)}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('text/csv; charset=utf-8').send(csvTemplate(type));
  }
}
