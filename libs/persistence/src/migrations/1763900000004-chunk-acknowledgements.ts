import type { MigrationInterface, QueryRunner } from 'typeorm';

// The ingest acknowledges a whole chunk of reserved eventIds with one row once Kafka has
// acknowledged it, instead of updating every reserved row (half of its Postgres work).
// An eventId is acknowledged when its chunk is. The event store's seq needs no unique
// index: a sequence never repeats, and every read orders within one participant.
export class ChunkAcknowledgements1763900000004 implements MigrationInterface {
  name = 'ChunkAcknowledgements1763900000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE acknowledged_chunks (
        chunk_id        uuid PRIMARY KEY,
        acknowledged_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE accepted_events ADD COLUMN chunk_id uuid;
      ALTER TABLE accepted_events ALTER COLUMN site_id DROP NOT NULL;
      ALTER TABLE participant_events DROP CONSTRAINT IF EXISTS participant_events_seq_key;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participant_events ADD CONSTRAINT participant_events_seq_key UNIQUE (seq);
      UPDATE accepted_events e SET acknowledged = true FROM acknowledged_chunks c WHERE c.chunk_id = e.chunk_id;
      ALTER TABLE accepted_events DROP COLUMN chunk_id;
      DROP TABLE acknowledged_chunks;
    `);
  }
}
