import { Inject, Injectable } from '@nestjs/common';
import { KafkaClients } from '@ips/messaging';
import { ReportSnapshotStore } from '@ips/persistence';
import type { ReportSnapshot } from './report-content/build-report-content';

export const REPORT_SOURCE = Symbol('REPORT_SOURCE');
export interface ReportSourceSettings {
  /** the projector consumer group whose offsets a report records */
  projectorGroupId: string;
}

export class TrialNotFoundError extends Error {
  constructor(readonly trialId: string) {
    super(`trial ${trialId} does not exist`);
  }
}

/**
 * What a report is computed from: the trial, its sites and journeys, the projector's
 * offsets and the trial's event count, all from one snapshot (ReportSnapshotStore).
 */
@Injectable()
export class ReportSnapshotReader {
  constructor(
    private readonly store: ReportSnapshotStore,
    private readonly kafka: KafkaClients,
    @Inject(REPORT_SOURCE) private readonly settings: ReportSourceSettings,
  ) {}

  async read(trialId: string): Promise<ReportSnapshot> {
    const topic = this.kafka.topics.participantEvents;
    const snapshot = await this.store.read(trialId, { groupId: this.settings.projectorGroupId, topic });
    if (snapshot === null) throw new TrialNotFoundError(trialId);
    return {
      trial: snapshot.trial,
      sites: snapshot.sites,
      journeys: snapshot.journeys,
      provenance: {
        topic,
        consumerGroup: this.settings.projectorGroupId,
        offsets: snapshot.offsets,
        eventCount: snapshot.eventCount,
      },
    };
  }
}
