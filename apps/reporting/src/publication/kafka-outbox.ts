import { Inject, Injectable } from '@nestjs/common';
import { HEADER_SCHEMA_VERSION, HEADER_TYPE } from '@ips/contracts';
import { KafkaClients } from '@ips/messaging';
import { ReportArchive } from '../reports/report-archive';
import { TRIAL_SCOPE, trialIdLike, type TrialScope } from '@ips/persistence';
import { REPORT_PUBLISHED_EVENT, reportPublishedMessage } from './report-published.message';

/**
 * Sends ips.reports.published for archived reports not yet announced. The archive row is
 * the outbox: a report is stored first, then announced, and marked once Kafka has
 * acknowledged (acks = all), so a crash in between announces it again later rather than
 * never (at least once; consumers dedupe by reportId). Rows are locked with SKIP LOCKED,
 * so two instances do not send the same batch at the same time.
 */
@Injectable()
export class KafkaOutbox {
  constructor(
    private readonly archive: ReportArchive,
    private readonly kafka: KafkaClients,
    @Inject(TRIAL_SCOPE) private readonly scope: TrialScope,
  ) {}

  async publishPending(now: Date): Promise<number> {
    return this.archive.announcePending(now, 50, trialIdLike(this.scope), async (reports) => {
      await this.kafka.send({
        topic: this.kafka.topics.reportsPublished,
        acks: -1,
        messages: reports.map((report) => ({
          key: report.trialId,
          value: JSON.stringify(reportPublishedMessage(report)),
          headers: { [HEADER_TYPE]: REPORT_PUBLISHED_EVENT, [HEADER_SCHEMA_VERSION]: '1' },
        })),
      });
    });
  }
}
