import type { EntityManager } from 'typeorm';
import type { Journey } from '@ips/domain';

/** Upserts folded journeys in one statement; every changed row gets a new version. */
export const JourneyStore = {
  async upsert(tx: EntityManager, journeys: Journey[]): Promise<void> {
    if (journeys.length === 0) return;
    await tx.query(
      `INSERT INTO journeys (site_id, participant_id, trial_id, journey, event_count, finding_count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::json[], $5::int[], $6::int[])
       ON CONFLICT (site_id, participant_id) DO UPDATE
         SET trial_id = excluded.trial_id,
             journey = excluded.journey,
             event_count = excluded.event_count,
             finding_count = excluded.finding_count,
             version = nextval('journey_version_seq'),
             updated_at = now()`,
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
};
