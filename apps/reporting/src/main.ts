import 'reflect-metadata';
import { createLogger, runMain, startHttpService } from '@ips/platform';
import { loadReportingConfig } from './reporting.config';
import { ReportingModule } from './reporting.module';
import { WEBHOOK_DOCS } from './subscriptions/create-subscription/create-subscription.http.controller';

runMain('reporting', async () => {
  const config = loadReportingConfig();
  const logger = createLogger('reporting', config.logLevel);
  await startHttpService(ReportingModule.forRoot(config, logger), {
    service: 'reporting',
    logger,
    host: config.host,
    port: config.port,
    jsonBodyLimit: '256kb',
    docs: {
      title: 'ips-outcomes reporting API',
      description:
        'Interim and first-year reports for programme leads, disclosure-controlled. `Authorization: Bearer <key>`. Reports are read by programme leads ' +
        'and evaluators; produced on demand and scheduled by programme leads and admins; webhooks are subscribed by programme leads. ' +
        'Every published figure is through disclosure control (`*`). Webhooks: ' +
        WEBHOOK_DOCS,
    },
  });
});
