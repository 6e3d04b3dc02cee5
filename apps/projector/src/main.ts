import 'reflect-metadata';
import { createLogger, runMain, startHttpService } from '@ips/platform';
import { loadProjectorConfig } from './projector.config';
import { ProjectorModule } from './projector.module';

runMain('projector', async () => {
  const config = loadProjectorConfig();
  const logger = createLogger('projector', config.logLevel);
  // The projector serves only /health and /metrics.
  await startHttpService(ProjectorModule.forRoot(config, logger), {
    service: 'projector',
    logger,
    host: config.host,
    port: config.port,
    jsonBodyLimit: '16kb',
  });
});
