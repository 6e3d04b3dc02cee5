import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomBytes, randomUUID } from 'node:crypto';
import { CURRENT_DEFINITIONS_VERSION, type AnalysisExportMetadata } from '@ips/contracts';
import { CLOCK, type Clock } from '@ips/platform';
import { writeAnalysisArchive } from '../analysis-dataset/analysis-archive';
import { ExportSecret } from '../analysis-dataset/export-secret';
import { AnalysisExportStore } from '@ips/persistence';
import { EXPORT_SETTINGS, type ExportSettings } from '../export-settings';
import { exportLinks } from '../export-links';
import { CreateAnalysisExport } from './create-analysis-export.command';

/**
 * Reads the trial in one snapshot and writes the archive into the store as it is made. The
 * export's secret lives in this call only. null when the trial does not exist.
 */
@CommandHandler(CreateAnalysisExport)
export class CreateAnalysisExportHandler implements ICommandHandler<
  CreateAnalysisExport,
  AnalysisExportMetadata | null
> {
  constructor(
    private readonly store: AnalysisExportStore,
    @Inject(EXPORT_SETTINGS) private readonly settings: ExportSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: CreateAnalysisExport): Promise<AnalysisExportMetadata | null> {
    const exportId = randomUUID();
    const createdAt = this.clock.now().toISOString();
    const secret = ExportSecret.draw();
    const salt = randomBytes(16).toString('hex');
    const tx = await this.store.begin();
    try {
      if ((await tx.trial(command.trialId)) === null) return null;
      const consumerGroup = this.settings.projectorGroupId;
      const { eventCount, offsets } = await tx.provenance(command.trialId, consumerGroup);
      const sink = tx.archiveSink(exportId);
      let pass = 0;
      const { participants, files } = await writeAnalysisArchive(
        {
          exportId,
          trialId: command.trialId,
          asOf: command.asOf,
          shiftDates: command.shiftDates,
          createdAt,
          eventCount,
          kafka: { consumerGroup, offsets },
          secret,
          journeys: () => tx.journeys(command.trialId, salt, pass++),
        },
        sink,
      );
      const metadata: AnalysisExportMetadata = {
        id: exportId,
        trialId: command.trialId,
        asOf: command.asOf,
        shiftDates: command.shiftDates,
        definitionsVersion: CURRENT_DEFINITIONS_VERSION,
        createdAt,
        participants,
        eventCount,
        kafka: { consumerGroup, offsets },
        files,
        archive: { bytes: sink.bytes, sha256: sink.sha256 },
        links: exportLinks(exportId),
      };
      await tx.commit(metadata, command.requestedBy, sink.chunks);
      return metadata;
    } finally {
      await tx.release();
    }
  }
}
