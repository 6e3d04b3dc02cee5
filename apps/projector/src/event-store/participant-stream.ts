import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import type { RecordedEvent, StoredEvent } from '@ips/contracts';

/** One participant as the rebuild sees it: every stored event, and the live journey if any. */
export interface ParticipantState {
  siteId: string;
  participantId: string;
  /** in arrival (seq) order, built exactly as EventStore.load builds them */
  events: StoredEvent[];
  /** the journeys row as stored (JSON text), null when the participant has none */
  journeyText: string | null;
}

interface StreamRow {
  site_id: string;
  participant_id: string;
  /** '0' for the journey row: stored events have seq ≥ 1 */
  seq: string;
  body: string;
}

/**
 * Every participant of the event store and of the journeys table, one at a time, in
 * (site_id, participant_id) order, read in a single pass through a server-side cursor.
 *
 * The two tables are merged by Postgres, not here: one ordered UNION ALL, which the planner
 * answers with a merge of two index scans (participant_events_participant_idx and the
 * journeys primary key). Each participant's rows come together — its journey first (seq 0),
 * then its events by seq — so this side only groups consecutive rows and never compares
 * keys, and the result cannot depend on how the database collates text.
 *
 * The next batch is requested before the current one is handed out, so Postgres reads while
 * the caller folds.
 */
export async function* participantsInOrder(
  client: PoolClient,
  opts: { trialId?: string; batchRows?: number } = {},
): AsyncGenerator<ParticipantState> {
  const batchRows = opts.batchRows ?? 20_000;
  // With --trial: that trial's events, and the journeys of that trial or of a participant
  // with events in it (a journey filed under another trial is then "different", not missing).
  const [eventFilter, journeyFilter, params] =
    opts.trialId === undefined
      ? ['', '', []]
      : [
          'WHERE e.trial_id = $1',
          `WHERE j.trial_id = $1 OR EXISTS (SELECT 1 FROM participant_events x
              WHERE x.site_id = j.site_id AND x.participant_id = j.participant_id AND x.trial_id = $1)`,
          [opts.trialId],
        ];
  const cursor = client.query(
    new Cursor<StreamRow>(
      // ORDER BY the bigint (an output column named seq would be the text, sorted as text)
      `SELECT site_id, participant_id, ord::text AS seq, body FROM (
         SELECT j.site_id, j.participant_id, 0::bigint AS ord, j.journey::text AS body FROM journeys j ${journeyFilter}
         UNION ALL
         SELECT e.site_id, e.participant_id, e.seq, e.event::text FROM participant_events e ${eventFilter}
       ) AS rows
       ORDER BY site_id, participant_id, ord`,
      params,
    ),
  );
  let next: Promise<StreamRow[]> = Promise.resolve([]);
  try {
    let current: ParticipantState | null = null;
    next = prefetch(cursor, batchRows);
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      next = prefetch(cursor, batchRows);
      for (const row of rows) {
        if (
          current === null ||
          row.participant_id !== current.participantId ||
          row.site_id !== current.siteId
        ) {
          if (current !== null) yield current;
          current = { siteId: row.site_id, participantId: row.participant_id, events: [], journeyText: null };
        }
        if (row.seq === '0') current.journeyText = row.body;
        else
          current.events.push({
            ...(JSON.parse(row.body) as RecordedEvent),
            seq: Number(row.seq),
          });
      }
    }
    if (current !== null) yield current;
  } finally {
    // a caller that stops early (an error while writing) leaves a read in flight
    await next.catch(() => undefined);
    await cursor.close();
  }
}

/** A read that is awaited later: marked handled now, so a failure is not reported as unhandled meanwhile. */
function prefetch<T>(cursor: Cursor<T>, rows: number): Promise<T[]> {
  const read = cursor.read(rows);
  read.catch(() => undefined);
  return read;
}
