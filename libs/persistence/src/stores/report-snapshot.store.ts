import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Journey } from '@ips/domain';

/** Everything a report is computed from, read in one snapshot. */
export interface StoredTrialSnapshot {
  trial: { trialId: string; name: string; startDate: string };
  sites: { siteId: string; name: string }[];
  journeys: Journey[];
  /** the projector group's offsets on the topic: which events the journeys hold */
  offsets: { partition: number; nextOffset: string }[];
  /** the trial's stored events */
  eventCount: number;
}

/**
 * Reads everything a report is computed from in one REPEATABLE READ, read-only
 * transaction: the trial, its sites and journeys, the projector's offsets and the
 * trial's event count all come from one snapshot. The projector writes journeys and
 * offsets in the same transaction, so the offsets say exactly which events the journeys
 * contain, and the same offsets always mean the same journeys.
 */
@Injectable()
export class ReportSnapshotStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The trial's snapshot, or null when there is no such trial. */
  async read(
    trialId: string,
    projector: { groupId: string; topic: string },
  ): Promise<StoredTrialSnapshot | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const trials: { trial_id: string; name: string; start_date: string }[] = await runner.query(
        `SELECT trial_id, name, to_char(start_date, 'YYYY-MM-DD') AS start_date FROM trials WHERE trial_id = $1`,
        [trialId],
      );
      if (trials.length === 0) {
        await runner.query('ROLLBACK');
        return null;
      }
      const sites: { site_id: string; name: string }[] = await runner.query(
        `SELECT site_id, name FROM sites WHERE trial_id = $1 ORDER BY site_id`,
        [trialId],
      );
      const offsets: { partition: number; next_offset: string }[] = await runner.query(
        `SELECT partition, next_offset::text AS next_offset FROM projector_offsets WHERE consumer_group = $1 AND topic = $2 ORDER BY partition`,
        [projector.groupId, projector.topic],
      );
      const [{ count }]: { count: string }[] = await runner.query(
        `SELECT count(*)::bigint AS count FROM participant_events WHERE trial_id = $1`,
        [trialId],
      );
      const rows: { journey: Journey }[] = await runner.query(
        `SELECT journey FROM journeys WHERE trial_id = $1`,
        [trialId],
      );
      await runner.query('COMMIT');
      const trial = trials[0];
      return {
        trial: { trialId: trial.trial_id, name: trial.name, startDate: trial.start_date },
        sites: sites.map((s) => ({ siteId: s.site_id, name: s.name })),
        journeys: rows.map((r) => r.journey),
        offsets: offsets.map((o) => ({ partition: o.partition, nextOffset: o.next_offset })),
        eventCount: Number(count),
      };
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }
}
