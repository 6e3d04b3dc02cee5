import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, type StoredEvent } from '@ips/contracts';
import { foldJourney, type Journey } from '@ips/domain';
import { ProgressBar } from '@ips/platform';
import { EventStore, participantRefKey, type ParticipantRef } from '../event-store/event-store';
import { JourneyStore } from '../event-store/journey-store';

export interface RebuildReport {
  participants: number;
  events: number;
  identical: number;
  /** live journey differs from the fold of its events */
  different: number;
  /** participant has events but no live journey */
  missing: number;
  /** live journey without any stored event */
  orphaned: number;
  /** participants whose stored events could not be folded (left as they are) */
  unreadable: number;
  written: boolean;
}

const PAGE = 1000;

/**
 * Re-folds every participant from the event store and compares with the live journeys.
 * With `write`, replaces what differs (in the caller's transaction) and drops orphans.
 */
export async function rebuildFromEventStore(
  tx: EntityManager,
  opts: { write: boolean; quiet?: boolean; trialId?: string },
): Promise<RebuildReport> {
  const participants: { site_id: string; participant_id: string; n: string }[] = await tx.query(
    `SELECT site_id, participant_id, count(*) AS n FROM participant_events
      WHERE $1::text IS NULL OR trial_id = $1
      GROUP BY site_id, participant_id ORDER BY site_id, participant_id`,
    [opts.trialId ?? null],
  );
  const report: RebuildReport = {
    participants: participants.length,
    events: 0,
    identical: 0,
    different: 0,
    missing: 0,
    orphaned: 0,
    unreadable: 0,
    written: opts.write,
  };
  const bar = opts.quiet
    ? null
    : new ProgressBar('re-folding journeys', participants.length, { unit: 'participants' });

  for (let i = 0; i < participants.length; i += PAGE) {
    const page: ParticipantRef[] = participants
      .slice(i, i + PAGE)
      .map((p) => ({ siteId: p.site_id, participantId: p.participant_id }));
    const histories = await EventStore.load(tx, page);
    const live = await liveJourneys(tx, page);
    const changed: Journey[] = [];
    for (const ref of page) {
      const events: StoredEvent[] = histories.get(participantRefKey(ref)) ?? [];
      report.events += events.length;
      let rebuilt: Journey;
      try {
        rebuilt = foldJourney(events);
      } catch {
        // only rows written around the projector (by hand, by a fixture) can get here
        report.unreadable++;
        continue;
      }
      const current = live.get(participantRefKey(ref));
      if (!current) report.missing++;
      else if (canonicalJson(current) === canonicalJson(rebuilt)) report.identical++;
      else report.different++;
      if (!current || canonicalJson(current) !== canonicalJson(rebuilt)) changed.push(rebuilt);
    }
    if (opts.write) await JourneyStore.upsert(tx, changed);
    bar?.tick(page.length);
  }
  bar?.finish();

  const orphanFilter = `($1::text IS NULL OR j.trial_id = $1) AND NOT EXISTS (SELECT 1 FROM participant_events e WHERE e.site_id = j.site_id AND e.participant_id = j.participant_id)`;
  const orphans: { n: string }[] = await tx.query(
    `SELECT count(*) AS n FROM journeys j WHERE ${orphanFilter}`,
    [opts.trialId ?? null],
  );
  report.orphaned = Number(orphans[0].n);
  if (opts.write && report.orphaned > 0)
    await tx.query(`DELETE FROM journeys j WHERE ${orphanFilter}`, [opts.trialId ?? null]);
  return report;
}

async function liveJourneys(tx: EntityManager, refs: ParticipantRef[]): Promise<Map<string, Journey>> {
  const rows: { journey: Journey }[] = await tx.query(
    `SELECT j.journey FROM journeys j JOIN unnest($1::text[], $2::text[]) AS p(site_id, participant_id)
        ON j.site_id = p.site_id AND j.participant_id = p.participant_id`,
    [refs.map((r) => r.siteId), refs.map((r) => r.participantId)],
  );
  return new Map(rows.map((r) => [participantRefKey(r.journey), r.journey]));
}

/** Every cache of journeys (the query service's) must drop its copy. */
export async function bumpReadModelEpoch(tx: EntityManager | DataSource): Promise<void> {
  await tx.query(`UPDATE read_model_epoch SET epoch = epoch + 1 WHERE id = 1`);
}
