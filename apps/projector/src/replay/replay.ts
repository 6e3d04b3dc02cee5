import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { KafkaClients } from '@ips/messaging';
import { createLogger, PinoNestLogger, runMain } from '@ips/platform';
import { PROJECTION_LOCK, ProjectBatchHandler } from '../project-batch/project-batch.handler';
import { loadProjectorConfig } from '../projector.config';
import { ProjectorModule } from '../projector.module';
import { rebuildFromEventStore } from './rebuild-from-event-store';
import { replayFromTopic } from './replay-from-topic';

const USAGE = `npm run replay -- [--check] [--trial <trialId>] | --from-topic [--force]

  (no option)    rebuild every journey from the event store, report how the rebuilt state
                 compares with the live one, and replace what differs
  --check        only compare; exit 1 if the live read models differ from a rebuild
  --trial ID     rebuild (or check) one trial's journeys only
  --from-topic   empty the event store and read models and re-consume the Kafka topic from
                 offset 0 through the projector's own pipeline (the topic keeps events forever)
  --force        with --from-topic: go ahead even if the broker has dropped old events

Projection pauses while a replay holds the projection lock, and resumes after it.`;

runMain('replay', async () => {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        check: { type: 'boolean', default: false },
        trial: { type: 'string' },
        'from-topic': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    // an unknown option, a stray argument, or --trial without its id: say which, then how
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const { check, trial: trialId, 'from-topic': fromTopic, force } = parsed;
  if (trialId !== undefined && (trialId === '' || trialId.startsWith('--')))
    throw new Error('--trial needs a trial id');
  if (fromTopic && (check || trialId))
    throw new Error('--from-topic replays the whole topic: it takes neither --check nor --trial');

  const config = loadProjectorConfig();
  const logger = createLogger('replay', config.logLevel === 'info' ? 'warn' : config.logLevel);
  const app = await NestFactory.createApplicationContext(
    ProjectorModule.forRoot(config, logger, { consume: false, replay: true }),
    {
      logger: new PinoNestLogger(logger),
    },
  );
  const dataSource = app.get(DataSource);
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    process.stderr.write('waiting for the projection lock (live projectors pause at their next batch)…\n');
    await lock.query(`SELECT pg_advisory_lock($1)`, [PROJECTION_LOCK]);
    const started = Date.now();
    if (fromTopic) {
      const kafka = app.get(KafkaClients);
      const report = await replayFromTopic({
        session: lock,
        kafka,
        handler: app.get(ProjectBatchHandler),
        groupId: config.groupId,
        logger,
        force,
      });
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `${JSON.stringify({ mode: 'from-topic', ...report, seconds, messagesPerSecond: Math.round(report.messages / seconds) })}\n`,
      );
      process.stderr.write(
        report.differences === 0
          ? `✔ rebuilt state equals the state before the replay (${report.participantsAfter} journeys)\n`
          : `✖ ${report.differences} journeys differ from before the replay\n`,
      );
      process.exitCode = report.differences === 0 ? 0 : 1;
    } else {
      const report = await rebuildFromEventStore(dataSource, { write: !check, trialId });
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `${JSON.stringify({ mode: check ? 'check' : 'rebuild', ...report, seconds, eventsPerSecond: Math.round(report.events / seconds) })}\n`,
      );
      const equal = report.different + report.missing + report.orphaned + report.unreadable === 0;
      process.stderr.write(
        equal
          ? `✔ live read models equal a rebuild from the event store (${report.participants} participants, ${report.events} events)\n`
          : `${check ? '✖' : '↻'} ${report.different} differed, ${report.missing} missing, ${report.orphaned} orphaned${check ? '' : ' — replaced'}` +
              `${report.unreadable ? `; ${report.unreadable} participants' stored events could not be folded (not touched)` : ''}\n`,
      );
      process.exitCode = check && !equal ? 1 : 0;
    }
  } finally {
    await lock.query(`SELECT pg_advisory_unlock($1)`, [PROJECTION_LOCK]).catch(() => undefined);
    await lock.release();
    await app.close();
  }
});
