import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow, ApiError } from '@ips/platform';
import { CSV_SECTIONS, isCsvSection, MissingCsvSectionError, reportCsv } from '../rendering/report-csv';
import { reportHtml } from '../rendering/report-html';
import { PdfUnavailableError, ReportPdfPrinter } from '../rendering/report-pdf.printer';
import type { ReportContent, ReportDocument, ReportMetadata } from '../report-types';
import { GetReport } from './get-report.query';
import { REPORT_DOCUMENT_SCHEMA, openApi } from '../../reporting-api.schema';

const REF =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:\.(json|csv|html|pdf))?$/;
type Format = 'json' | 'csv' | 'html' | 'pdf';
const MEDIA: Record<Format, string> = {
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  pdf: 'application/pdf',
};

// The page may render only what it carries: no scripts, no loads from anywhere.
const HTML_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

@ApiTags('reports')
@Controller('v1/reports')
export class GetReportHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly pdf: ReportPdfPrinter,
  ) {}

  @Get(':ref')
  @Allow('programme_lead', 'evaluator')
  @ApiOperation({
    summary:
      'One report: `{id}.json`, `{id}.csv`, `{id}.html` or `{id}.pdf` (or `{id}` with an Accept header)',
    description:
      'Reports are immutable. JSON: the outcome tables under `tables`, the SHA-256 content hash under `contentHash`; the hash covers the ' +
      'document without the fields id, version, createdAt, trigger, scheduledFor, contentHash and links, written as canonical JSON (keys ' +
      'sorted, no spaces). CSV: tidy tables, chosen with `section`. HTML: a self-contained page with no external assets. Every figure is ' +
      'through disclosure control: `*` is suppressed or withheld.',
  })
  @ApiParam({ name: 'ref', example: '3f1c2a9e-6d0b-4c39-9d6a-1f1f0e7a2b11.html' })
  @ApiQuery({
    name: 'section',
    required: false,
    enum: CSV_SECTIONS,
    description:
      'CSV only; default `outcomes` (every table stacked). `comparisons` and `wellbeing` are in reports of definitions version 2, ' +
      '`monitoring` in reports published while the trial had a monitoring plan; a report without that section answers 404.',
  })
  @ApiProduces('application/json', 'text/csv', 'text/html', 'application/pdf')
  @ApiOkResponse({
    description: 'the report in the format asked for',
    content: {
      'application/json': { schema: openApi(REPORT_DOCUMENT_SCHEMA) },
      'text/csv': { schema: { type: 'string', description: 'tidy tables: the section asked for' } },
      'text/html': { schema: { type: 'string', description: 'a self-contained page' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 400, description: 'section with another format than CSV, or not a section' })
  @ApiResponse({
    status: 404,
    description: 'no such report, a ref that is not a report id, or a CSV section the report does not have',
  })
  @ApiResponse({ status: 406, description: 'the Accept header asks for none of the four formats' })
  @ApiResponse({ status: 501, description: 'PDF asked for, and this server cannot print' })
  async get(
    @Param('ref') ref: string,
    @Query('section') section: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const m = REF.exec(ref);
    if (!m)
      throw new ApiError(
        404,
        `no report ${ref}: expected a report id, optionally with .json, .csv, .html or .pdf`,
      );
    const format = (m[2] as Format | undefined) ?? negotiate(req);
    if (section !== undefined && format !== 'csv')
      throw new ApiError(400, 'section applies to the CSV form only');
    if (section !== undefined && !isCsvSection(section))
      throw new ApiError(400, `section must be one of ${CSV_SECTIONS.join(', ')}`);
    const found = await this.queries.execute(new GetReport(m[1].toLowerCase()));
    if (!found) throw new ApiError(404, `report ${m[1]} does not exist`);
    const { metadata, content } = found;
    const name = `${content.trialId}-${content.type}-${content.asOf}-v${metadata.version}`;
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Content-Hash', metadata.contentHash);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    switch (format) {
      case 'json':
        res.type('application/json').send(JSON.stringify(reportDocument(metadata, content)));
        return;
      case 'csv': {
        const chosen = section && isCsvSection(section) ? section : 'outcomes';
        let csv: string;
        try {
          csv = reportCsv(content, chosen);
        } catch (err) {
          if (err instanceof MissingCsvSectionError) throw new ApiError(404, err.message);
          throw err;
        }
        res.setHeader('Content-Disposition', `attachment; filename="${name}-${chosen}.csv"`);
        res.type('text/csv; charset=utf-8').send(csv);
        return;
      }
      case 'html':
        res.setHeader('Content-Security-Policy', HTML_POLICY);
        res.setHeader('Content-Disposition', `inline; filename="${name}.html"`);
        res.type('text/html; charset=utf-8').send(reportHtml(metadata, content));
        return;
      case 'pdf': {
        let pdf: Buffer;
        try {
          pdf = await this.pdf.print(
            reportHtml(metadata, content),
            `${name} · SHA-256 ${metadata.contentHash.slice(0, 16)}…`,
          );
        } catch (err) {
          if (err instanceof PdfUnavailableError) throw new ApiError(501, err.message);
          throw err;
        }
        res.setHeader('Content-Disposition', `inline; filename="${name}.pdf"`);
        res.type('application/pdf').send(pdf);
        return;
      }
    }
  }
}

/** The JSON form: the report's metadata, then its content (what the hash covers). */
export function reportDocument(metadata: ReportMetadata, content: ReportContent): ReportDocument {
  return {
    id: metadata.id,
    ...content,
    version: metadata.version,
    createdAt: metadata.createdAt,
    trigger: metadata.trigger,
    scheduledFor: metadata.scheduledFor,
    contentHash: metadata.contentHash,
    links: metadata.links,
  };
}

function negotiate(req: Request): Format {
  const chosen = req.accepts(Object.values(MEDIA));
  if (chosen === false)
    throw new ApiError(406, `this report is available as ${Object.values(MEDIA).join(', ')}`);
  return (Object.entries(MEDIA).find(([, media]) => media === chosen)?.[0] as Format) ?? 'json';
}
