import type { EntityManager } from 'typeorm';
import type { Journey } from '@ips/domain';
import { copyIn } from './copy-in';
import { stagedJourney } from './journey-staging';

/**
 * How journeys are written: `copy` (the default) COPY into a temporary table, then one upsert
 * from it; `insert` one INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE. The COPY
 * spares pg's escaping of a json[] parameter and the server's parsing of it: less than half
 * the time for 3,000 journeys (BENCHMARKS.md, issue 16, second pass).
 */
export const JOURNEY_WRITES = ['copy', 'insert'] as const;
export type JourneyWrite = (typeof JOURNEY_WRITES)[number];

/** What a changed journey row gets: the same for a live write and for a rebuild's merge. */
const REPLACE_JOURNEY = `
         SET trial_id = excluded.trial_id,
             journey = excluded.journey,
             event_count = excluded.event_count,
             finding_count = excluded.finding_count,
             version = nextval('journey_version_seq'),
             updated_at = now()`;

/** Upserts folded journeys in one statement; every changed row gets a new version. */
export const JourneyStore = {
  async upsert(tx: EntityManager, journeys: Journey[], how: JourneyWrite = 'copy'): Promise<void> {
    if (journeys.length === 0) return;
    if (how === 'copy') {
      await tx.query(
        `CREATE TEMPORARY TABLE IF NOT EXISTS journeys_stage (
           site_id text, participant_id text, trial_id text, journey json, event_count int,
           finding_count int) ON COMMIT DELETE ROWS`,
      );
      await copyIn(
        tx,
        `COPY journeys_stage FROM STDIN`,
        journeys.map((j) => stagedJourney(j, JSON.stringify(j))),
      );
      await tx.query(
        `INSERT INTO journeys (site_id, participant_id, trial_id, journey, event_count, finding_count)
         SELECT * FROM journeys_stage
         ON CONFLICT (site_id, participant_id) DO UPDATE ${REPLACE_JOURNEY}`,
      );
      return;
    }
    await tx.query(
      `INSERT INTO journeys (site_id, participant_id, trial_id, journey, event_count, finding_count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::json[], $5::int[], $6::int[])
       ON CONFLICT (site_id, participant_id) DO UPDATE ${REPLACE_JOURNEY}`,
      [
        journeys.map((j) => j.siteId),
        journeys.map((j) => j.participantId),
        journeys.map((j) => j.trialId),
        journeys.map((j) => JSON.stringify(j)),
        journeys.map((j) => j.eventCount),
        journeys.map((j) => j.findings.length),
      ],
    );
  },

  /**
   * A rebuild's changes, staged (journey-staging.ts) in `table` of the same transaction:
   * rows with a journey replace or add theirs, each with a new version as a live write
   * would give it (so a reader's cache, which fetches by version, picks them up); rows
   * without one delete theirs.
   */
  async mergeStaged(
    tx: Pick<EntityManager, 'query'>,
    table: string,
  ): Promise<{ written: number; deleted: number }> {
    const [{ n: written }]: { n: number }[] = await tx.query(
      `WITH w AS (
         INSERT INTO journeys (site_id, participant_id, trial_id, journey, event_count, finding_count)
         SELECT site_id, participant_id, trial_id, journey, event_count, finding_count FROM ${table}
          WHERE journey IS NOT NULL
         ON CONFLICT (site_id, participant_id) DO UPDATE ${REPLACE_JOURNEY}
         RETURNING 1)
       SELECT count(*)::int AS n FROM w`,
    );
    const [{ n: deleted }]: { n: number }[] = await tx.query(
      `WITH d AS (
         DELETE FROM journeys j USING ${table} s
          WHERE s.journey IS NULL AND j.site_id = s.site_id AND j.participant_id = s.participant_id
         RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
    );
    return { written, deleted };
  },
};
