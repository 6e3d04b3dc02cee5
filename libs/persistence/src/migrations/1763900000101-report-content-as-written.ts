import type { MigrationInterface, QueryRunner } from 'typeorm';

// A report's content is kept exactly as written (json, not jsonb): jsonb reorders keys,
// and the JSON form a programme lead downloads should read in the order it was composed
// (summary tables before the detailed ones), not sorted by key length.
export class ReportContentAsWritten1763900000101 implements MigrationInterface {
  name = 'ReportContentAsWritten1763900000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reports ALTER COLUMN content TYPE json USING content::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reports ALTER COLUMN content TYPE jsonb USING content::jsonb`);
  }
}
