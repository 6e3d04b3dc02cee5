import 'reflect-metadata';
import { createLogger, runMain, startHttpService } from '@ips/platform';
import { loadQueryConfig } from './query.config';
import { QueryModule } from './query.module';

runMain('query', async () => {
  const config = loadQueryConfig();
  const logger = createLogger('query', config.logLevel);
  await startHttpService(QueryModule.forRoot(config, logger), {
    service: 'query',
    logger,
    host: config.host,
    port: config.port,
    jsonBodyLimit: '64kb',
    docs: {
      title: 'ips-outcomes query API',
      description:
        'Interim outcomes of IPS employment trials for evaluators: participant flow, job outcomes and IPS compared with usual care, for any cut at any as-of date. `Authorization: Bearer <key>`; roles evaluator, programme_lead, or a site key for its own site.',
    },
  });
});
