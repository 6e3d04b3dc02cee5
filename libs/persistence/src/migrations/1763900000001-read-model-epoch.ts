import type { MigrationInterface, QueryRunner } from 'typeorm';

// A counter bumped whenever the read models are rebuilt wholesale (replay), so readers
// that cache journeys know to drop their copy.
export class ReadModelEpoch1763900000001 implements MigrationInterface {
  name = 'ReadModelEpoch1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE read_model_epoch (id integer PRIMARY KEY CHECK (id = 1), epoch bigint NOT NULL);
      INSERT INTO read_model_epoch (id, epoch) VALUES (1, 1);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_model_epoch`);
  }
}
