import type { MigrationInterface, QueryRunner } from 'typeorm';

// The projector writes every event and re-writes every touched journey; nothing queries
// inside them except to read them whole (and a findings listing). Plain json keeps the
// text as sent, skipping jsonb's parse-and-convert on every write and its re-serialisation
// on every read. The topic index served only the rare replay and is dropped.
export class LighterEventStore1763900000003 implements MigrationInterface {
  name = 'LighterEventStore1763900000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participant_events ALTER COLUMN event TYPE json USING event::json;
      ALTER TABLE journeys ALTER COLUMN journey TYPE json USING journey::json;
      DROP INDEX IF EXISTS participant_events_topic_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participant_events ALTER COLUMN event TYPE jsonb USING event::jsonb;
      ALTER TABLE journeys ALTER COLUMN journey TYPE jsonb USING journey::jsonb;
      CREATE INDEX participant_events_topic_idx ON participant_events (source_topic);
    `);
  }
}
