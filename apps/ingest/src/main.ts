import 'reflect-metadata';
import { createLogger, runMain, startHttpService } from '@ips/platform';
import { isStreamedUpload } from './events/record-events/streamed-upload';
import { loadIngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';

runMain('ingest', async () => {
  const config = loadIngestConfig();
  const logger = createLogger('ingest', config.logLevel);
  await startHttpService(IngestModule.forRoot(config, logger), {
    service: 'ingest',
    logger,
    host: config.host,
    port: config.port,
    jsonBodyLimit: config.jsonBodyLimit,
    requestTimeoutMs: config.requestTimeoutMs,
    // NDJSON and CSV uploads have no batch limit: an idle timeout, not the total one
    streamingRequest: isStreamedUpload,
    docs: {
      title: 'ips-outcomes ingest API',
      description:
        'Trial sites send participant events here (referrals, randomisations, jobs, withdrawals, wellbeing measures), one by one or in batches. Authenticate with `Authorization: Bearer <site key>`. ' +
        'Every error body is `{statusCode, error, message, details?}`.',
    },
  });
});
