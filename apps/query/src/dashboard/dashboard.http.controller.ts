import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, sendScriptedPage } from '@ips/platform';
import { dashboardPage } from './dashboard-page';

@ApiTags('dashboard')
@Controller()
export class DashboardHttpController {
  constructor() {
    dashboardPage(); // a build without the dashboard's bundle fails at start-up, not on the first visit
  }

  @Get('dashboard')
  @Public()
  @ApiOperation({
    summary: 'The evaluator dashboard: a self-contained web page (public; it holds no data)',
    description:
      'Open in a browser and paste an API key (evaluator, programme_lead or site); the key stays in the tab (sessionStorage) and the page calls ' +
      '`/v1/trials`, `/v1/trials/{trialId}/outcomes`, `/v1/trials/{trialId}/outcomes/first-job-curves.svg`, `/v1/trials/{trialId}/data-quality` ' +
      'and (evaluators and programme leads, where the trial has a plan) `/v1/trials/{trialId}/monitoring` ' +
      'with it in the Authorization header. The view (trial, as-of date, grouping, filters) is kept in the URL fragment. Served with a ' +
      'Content-Security-Policy that runs only the page’s own inline script and style and connects only to this service.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } })
  page(@Res() res: Response): void {
    sendScriptedPage(res, dashboardPage());
  }
}
