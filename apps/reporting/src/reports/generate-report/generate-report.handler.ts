import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EffectMetric } from '@ips/contracts';
import { interimLook, primaryEstimate, type PrimaryEstimate } from '@ips/domain';
import { CLOCK, LOGGER, Metrics, type Clock, type Logger } from '@ips/platform';
import { MonitoringStore } from '@ips/persistence';
import { PublicationDispatcher } from '../../publication/publication-dispatcher';
import { buildReportContent } from '../report-content/build-report-content';
import { contentHash } from '../report-content/content-hash';
import { reportMonitoring } from '../report-content/report-monitoring';
import { ReportArchive } from '../report-archive';
import { ReportSnapshotReader } from '../report-snapshot.reader';
import type { ReportMetadata } from '../report-types';
import { GenerateReport } from './generate-report.command';

@CommandHandler(GenerateReport)
export class GenerateReportHandler implements ICommandHandler<GenerateReport, ReportMetadata> {
  private readonly duration;
  private readonly generated;

  constructor(
    private readonly snapshots: ReportSnapshotReader,
    private readonly archive: ReportArchive,
    private readonly publication: PublicationDispatcher,
    private readonly monitoring: MonitoringStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.duration = metrics.histogram({
      name: 'reporting_generation_seconds',
      help: 'time to read, compute and archive a report',
      labelNames: ['type'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
    this.generated = metrics.counter({
      name: 'reporting_reports_total',
      help: 'reports archived',
      labelNames: ['type', 'trigger'],
    });
  }

  async execute(command: GenerateReport): Promise<ReportMetadata> {
    const started = performance.now();
    const snapshot = await this.snapshots.read(command.trialId);
    const read = performance.now();
    const content = buildReportContent(snapshot, command.type, command.asOf);
    const hash = contentHash(content);
    // DESIGN §6c: an interim or first-year report is a look of the trial's monitoring plan
    // when its information fraction qualifies; the look is frozen in the report's transaction.
    const estimates = new Map<EffectMetric, PrimaryEstimate>();
    const estimateOf = (metric: EffectMetric) => {
      let e = estimates.get(metric);
      if (e === undefined) {
        e = primaryEstimate(
          { trialId: command.trialId, asOf: content.asOf, journeys: snapshot.journeys },
          metric,
        );
        estimates.set(metric, e);
      }
      return e;
    };
    const computed = performance.now();
    const createdAt = this.clock.now();
    let decided: Awaited<ReturnType<MonitoringStore['decideLook']>> = null;
    const metadata = await this.archive.store({
      // DESIGN §6c, §8: with a plan, the report carries the monitoring table (the looks so far and its own)
      finalise: async (tx) => {
        decided = await this.monitoring.decideLook(tx, command.trialId, (plan, previous) =>
          interimLook(
            plan,
            previous.map((l) => l.informationFraction),
            estimateOf(plan.primaryOutcome),
          ),
        );
        if (decided === null) return { content, contentHash: hash };
        const withMonitoring = {
          ...content,
          monitoring: reportMonitoring(
            decided.plan,
            decided.previous.map((l) => ({ asOf: l.asOf, look: l })),
            { asOf: content.asOf, look: decided.look },
          ),
        };
        return { content: withMonitoring, contentHash: contentHash(withMonitoring) };
      },
      alsoWrite: async (tx, reportId) => {
        const d = decided;
        if (d?.look)
          await this.monitoring.insertLook(
            tx,
            command.trialId,
            reportId,
            d.previous.length + 1,
            content.asOf,
            createdAt,
            d.look,
          );
      },
      content,
      contentHash: hash,
      createdAt,
      trigger: command.trigger,
      requestedBy: command.requestedBy,
      run: command.run,
    });
    const seconds = (performance.now() - started) / 1000;
    this.duration.observe({ type: command.type }, seconds);
    this.generated.inc({ type: command.type, trigger: command.trigger });
    this.logger.info(
      {
        reportId: metadata.id,
        trialId: metadata.trialId,
        type: metadata.type,
        asOf: metadata.asOf,
        version: metadata.version,
        trigger: metadata.trigger,
        participants: snapshot.journeys.length,
        readMs: Math.round(read - started),
        computeMs: Math.round(computed - read),
        totalMs: Math.round(seconds * 1000),
      },
      'report archived',
    );
    this.publication.wake();
    return metadata;
  }
}
