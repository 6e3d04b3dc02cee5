import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, sendScriptedPage } from '@ips/platform';
import { sitePage } from './site-page';

@ApiTags('site page')
@Controller()
export class SitePageHttpController {
  constructor() {
    sitePage(); // a build without the page's bundle fails at start-up, not on the first visit
  }

  @Get('site')
  @Public()
  @ApiOperation({
    summary: "The trial site's page: CSV uploads and data quality in a browser (public; it holds no data)",
    description:
      "Open in a browser and paste the site's API key; the key stays in the tab (sessionStorage) and the page calls " +
      '`/v1/keys/current`, `/v1/events/csv?listDuplicates=true`, `/v1/sites/{siteId}/data-quality` and `/v1/events/csv/templates/{type}.csv` ' +
      'with it in the Authorization header. Served with a Content-Security-Policy that runs only the page’s own inline script and style and connects only to this service.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } })
  page(@Res() res: Response): void {
    sendScriptedPage(res, sitePage());
  }
}
