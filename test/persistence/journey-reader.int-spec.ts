import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { Journey } from '@ips/domain';
import { JourneyReader } from '@ips/persistence';
import { sql } from '../support/database';
import { TEST_DATABASE_URL } from '../support/test-env';

// JourneyReader against the real test database: a burst of reads of one trial shares
// refreshes (one running, one queued), and every read still sees each journey committed
// before it was asked for.

const trialId = `jr-${Date.now().toString(36)}`;
const site = `${trialId}-site`;
const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 4 });

/** A DataSource as far as JourneyReader uses one, whose first query waits until released. */
function gatedDataSource() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let first = true;
  const counts = { refreshes: 0 };
  const dataSource = {
    async query(text: string, params: unknown[] = []) {
      if (text.includes('FROM read_model_epoch')) counts.refreshes++;
      if (first) {
        first = false;
        await gate;
      }
      return (await pool.query(text, params)).rows;
    },
  };
  return { dataSource: dataSource as unknown as DataSource, release, counts };
}

async function addJourney(participantId: string): Promise<void> {
  await sql(
    `INSERT INTO journeys (site_id, participant_id, trial_id, journey, event_count, finding_count) VALUES ($1, $2, $3, $4, 1, 0)`,
    [site, participantId, trialId, JSON.stringify(emptyJourney(participantId))],
  );
}

/** a journey with no events yet, as far as the reader's copy (OutcomeJourney) reads one */
const emptyJourney = (participantId: string): Journey => ({
  trialId,
  siteId: site,
  participantId,
  eventCount: 0,
  retractedCount: 0,
  referrals: [],
  assessments: [],
  consents: [],
  randomisation: null,
  withdrawal: null,
  jobs: [],
  findings: [],
  firstEventOn: null,
});

const ids = (journeys: { participantId: string }[]) => journeys.map((j) => j.participantId).sort();

afterAll(async () => {
  await sql(`DELETE FROM journeys WHERE trial_id = $1`, [trialId]);
  await pool.end();
});

it('a burst of reads costs two refreshes, and each read sees what was committed before it asked', async () => {
  await addJourney('P1');
  const { dataSource, release, counts } = gatedDataSource();
  const reader = new JourneyReader(dataSource);

  const early = reader.journeysOf(trialId); // its refresh starts and waits at the gate
  await new Promise((r) => setImmediate(r));
  await addJourney('P2'); // committed after the first read began, before the burst
  const burst = Array.from({ length: 10 }, () => reader.journeysOf(trialId));
  release();

  const answers = await Promise.all([early, ...burst]);
  expect(counts.refreshes).toBe(2);
  expect(ids(answers[0])).toEqual(expect.arrayContaining(['P1']));
  for (const later of answers.slice(1)) expect(ids(later)).toEqual(['P1', 'P2']);
  // the burst shared one refresh, so one copy
  expect(new Set(answers.slice(1)).size).toBe(1);

  // a read after the burst settled refreshes again and sees a journey added since
  await addJourney('P3');
  expect(ids(await reader.journeysOf(trialId))).toEqual(['P1', 'P2', 'P3']);
  expect(counts.refreshes).toBe(3);
});

it('a refresh that fails fails the reads that shared it, and the next read refreshes anew', async () => {
  let calls = 0;
  const dataSource = {
    async query(text: string, params: unknown[] = []) {
      if (calls++ === 0) throw new Error('connection lost');
      return (await pool.query(text, params)).rows;
    },
  } as unknown as DataSource;
  const reader = new JourneyReader(dataSource);
  const [first, joined] = await Promise.allSettled([reader.journeysOf(trialId), reader.journeysOf(trialId)]);
  expect([first.status, joined.status]).toEqual(['rejected', 'rejected']);
  expect(ids(await reader.journeysOf(trialId))).toEqual(['P1', 'P2', 'P3']);
});
