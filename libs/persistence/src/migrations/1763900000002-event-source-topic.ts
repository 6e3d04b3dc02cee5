import type { MigrationInterface, QueryRunner } from 'typeorm';

// Which topic each stored event came from, so a replay from one topic touches only its own
// events and journeys.
export class EventSourceTopic1763900000002 implements MigrationInterface {
  name = 'EventSourceTopic1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participant_events ADD COLUMN source_topic text NOT NULL DEFAULT '';
      ALTER TABLE participant_events ALTER COLUMN source_topic DROP DEFAULT;
      CREATE INDEX participant_events_topic_idx ON participant_events (source_topic);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participant_events DROP COLUMN source_topic`);
  }
}
