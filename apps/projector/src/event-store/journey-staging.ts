import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import type { Journey } from '@ips/domain';
import { copyText as field } from './copy-in';
import type { ParticipantRef } from './event-store';

/** The staging table of a rebuild: temporary, this transaction's own, gone at its end. */
export const JOURNEY_STAGING = 'journey_rebuild_staging';

/**
 * Creates the staging table in the caller's (open) transaction and returns a COPY stream
 * into it: write `stagedJourney` / `stagedDeletion` lines, end the stream, then
 * JourneyStore.mergeStaged. Writing into a table first also gives the transaction its xid
 * before any journey version is taken (JourneyReader's marks rely on that order).
 */
export async function openJourneyStaging(client: PoolClient): Promise<Writable> {
  await client.query(
    `CREATE TEMP TABLE ${JOURNEY_STAGING} (
       site_id text NOT NULL, participant_id text NOT NULL, trial_id text,
       journey json, event_count int, finding_count int
     ) ON COMMIT DROP`,
  );
  return client.query(
    copyFrom(
      `COPY ${JOURNEY_STAGING} (site_id, participant_id, trial_id, journey, event_count, finding_count) FROM STDIN`,
    ),
  );
}

/**
 * One COPY line (text format) of a journeys row: the rebuild's staging table and the
 * projector's (JourneyStore.upsert) take the same columns in the same order.
 */
export function stagedJourney(journey: Journey, journeyJson: string): string {
  return `${field(journey.siteId)}\t${field(journey.participantId)}\t${field(journey.trialId)}\t${field(journeyJson)}\t${journey.eventCount}\t${journey.findings.length}\n`;
}

/** One COPY line deleting this participant's journey (it has no event left). */
export function stagedDeletion(ref: ParticipantRef): string {
  return `${field(ref.siteId)}\t${field(ref.participantId)}\t\\N\t\\N\t\\N\t\\N\n`;
}
