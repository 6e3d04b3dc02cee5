import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import type { Journey } from '@ips/domain';
import { EventStore, participantRefKey } from '../../apps/projector/src/event-store/event-store';
import { participantsInOrder } from '../../apps/projector/src/event-store/participant-stream';
import { sql } from '../support/database';
import { expectedJourneys, storedJourneys } from '../support/journeys';
import { runCli } from '../support/run-cli';
import { TEST_DATABASE_URL } from '../support/test-env';
import { TopicWriter } from '../support/topic-writer';
import { TrialHarness } from '../support/trial-harness';
import { projectMessyTrial } from '../support/projection';

// Issue 16, item 3: the rebuild reads the event store and the journeys in one ordered pass,
// folds as it goes and writes what differs through a staging table in one transaction. It
// must give exactly the projector's live state, find what was tampered with, repair it,
// remove orphans, and leave every other row (and its version) alone. Every run names its
// trial: the test database holds other suites' fixtures, which a whole rebuild would judge.
const harness = new TrialHarness();
const writer = new TopicWriter();
const site = `${harness.tag}-bulk`;
const replay = (...args: string[]) => runCli('apps/projector/src/replay/replay.js', args, harness.env());
let sent: Record<string, any>[] = [];

interface Row {
  participant_id: string;
  version: string;
  journey: Journey;
}
const rows = async (siteId = site): Promise<Map<string, Row>> =>
  new Map(
    (
      await sql<Row>(
        `SELECT participant_id, version::text AS version, journey FROM journeys WHERE site_id = $1`,
        [siteId],
      )
    ).map((r) => [r.participant_id, r]),
  );
const epoch = async () => (await sql<{ e: string }>(`SELECT epoch::text AS e FROM read_model_epoch`))[0].e;

beforeAll(async () => {
  await harness.start(['projector']);
  sent = await projectMessyTrial(harness, writer, site, 150, 11);
  // the rebuild holds the projection lock; the live projector has nothing more to do
  await harness.stopAll();
}, 120_000);

afterAll(async () => {
  await sql(`DELETE FROM journeys WHERE site_id LIKE $1`, [`${harness.tag}%`]);
  await sql(`DELETE FROM participant_events WHERE site_id LIKE $1`, [`${harness.tag}%`]);
  await writer.close();
  await harness.stopAll();
}, 60_000);

it('hands out every participant with its events in the order EventStore.load gives, across cursor batches', async () => {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const streamed = new Map<string, { journey: Journey | null; seqs: number[] }>();
    const order: string[] = [];
    await client.query('BEGIN');
    // batches of 7 rows cut through participants: the grouping must carry over a batch's end
    for await (const p of participantsInOrder(client as never, { trialId: harness.trialId, batchRows: 7 })) {
      const key = participantRefKey(p);
      expect(streamed.has(key)).toBe(false);
      streamed.set(key, {
        journey: p.journeyText === null ? null : JSON.parse(p.journeyText),
        seqs: p.events.map((e) => e.seq),
      });
      order.push(`${p.siteId} ${p.participantId}`);
    }
    await client.query('COMMIT');
    const asTx = {
      query: (text: string, params: unknown[]) => client.query(text, params).then((r) => r.rows),
    };
    const refs = [...new Set(sent.map((e) => e.participantId))].map((participantId) => ({
      siteId: site,
      participantId,
    }));
    const loaded = await EventStore.load(asTx as unknown as EntityManager, refs);
    expect(streamed.size).toBe(refs.length);
    for (const [key, events] of loaded)
      expect([key, streamed.get(key)?.seqs]).toEqual([key, events.map((e) => e.seq)]);
    const live = await rows();
    for (const [key, p] of streamed) expect(p.journey).toEqual(live.get(key.split('\u0000')[1])?.journey);
    const sorted = (
      await sql<{ k: string }>(
        `SELECT site_id || ' ' || participant_id AS k FROM journeys WHERE trial_id = $1 ORDER BY site_id, participant_id`,
        [harness.trialId],
      )
    ).map((r) => r.k);
    expect(order).toEqual(sorted);
  } finally {
    await client.end();
  }
});

it('finds the projector’s live state equal to a rebuild (--check exit 0), and a rebuild then changes nothing', async () => {
  const before = await rows();
  const epochBefore = await epoch();
  const check = await replay('--check', '--trial', harness.trialId);
  expect(check.code).toBe(0);
  const report = JSON.parse(check.stdout);
  expect(report).toMatchObject({
    mode: 'check',
    different: 0,
    missing: 0,
    orphaned: 0,
    unreadable: 0,
    written: false,
  });
  expect(report.identical).toBe(report.participants);
  expect(check.stderr).toMatch(/re-folding journeys .*100%/);

  const rebuild = await replay('--trial', harness.trialId);
  expect(rebuild.code).toBe(0);
  expect(JSON.parse(rebuild.stdout)).toMatchObject({
    mode: 'rebuild',
    different: 0,
    missing: 0,
    orphaned: 0,
    journeysWritten: 0,
    journeysDeleted: 0,
  });
  expect(await rows()).toEqual(before);
  expect(await epoch()).toBe(epochBefore);
}, 120_000);

it('finds a tampered, a missing and an orphaned journey, repairs them in one go, and leaves the rest alone', async () => {
  const expected = expectedJourneys(sent, harness.trialId);
  const before = await rows();
  const ids = [...before.keys()].sort();
  const [tampered, deleted, reordered] = ids;
  await sql(
    `UPDATE journeys SET journey = jsonb_set(journey::jsonb, '{eventCount}', '999')::json WHERE site_id = $1 AND participant_id = $2`,
    [site, tampered],
  );
  await sql(`DELETE FROM journeys WHERE site_id = $1 AND participant_id = $2`, [site, deleted]);
  // the same content with its keys in another order (jsonb's) is not a difference
  await sql(`UPDATE journeys SET journey = journey::jsonb::json WHERE site_id = $1 AND participant_id = $2`, [
    site,
    reordered,
  ]);
  // a journey whose participant has no stored event at all, in this trial and in another
  const orphan = { ...before.get(ids[3])!.journey, participantId: 'ORPHAN-1' };
  const otherTrial = `${harness.tag}-other-trial`;
  for (const [trialId, siteId] of [
    [harness.trialId, site],
    [otherTrial, `${harness.tag}-other`],
  ])
    await sql(
      `INSERT INTO journeys (site_id, participant_id, trial_id, journey, event_count, finding_count) VALUES ($1, 'ORPHAN-1', $2, $3, 1, 0)`,
      [siteId, trialId, JSON.stringify({ ...orphan, siteId, trialId })],
    );
  const [{ max }] = await sql<{ max: string }>(`SELECT max(version)::text AS max FROM journeys`);
  const epochBefore = await epoch();

  const check = await replay('--check', '--trial', harness.trialId);
  expect(check.code).toBe(1);
  expect(JSON.parse(check.stdout)).toMatchObject({ different: 1, missing: 1, orphaned: 1, written: false });
  expect(check.stderr).toContain('1 differed, 1 missing, 1 orphaned');
  expect(await epoch()).toBe(epochBefore);

  const rebuild = await replay('--trial', harness.trialId);
  expect(rebuild.code).toBe(0);
  expect(JSON.parse(rebuild.stdout)).toMatchObject({
    mode: 'rebuild',
    different: 1,
    missing: 1,
    orphaned: 1,
    written: true,
    journeysWritten: 2,
    journeysDeleted: 1,
  });

  const after = await rows();
  expect(new Map([...after].map(([id, r]) => [`${site}:${id}`, r.journey]))).toEqual(expected);
  expect(await storedJourneys([site])).toEqual(expected);
  // repaired rows got new versions (above everything before), untouched rows kept theirs
  for (const [id, row] of after) {
    if (id === tampered || id === deleted) expect(BigInt(row.version)).toBeGreaterThan(BigInt(max));
    else expect([id, row.version]).toEqual([id, before.get(id)!.version]);
  }
  expect(BigInt(await epoch())).toBe(BigInt(epochBefore) + 1n);
  // --trial reaches only its trial: the other trial's orphan is still there
  expect((await rows(`${harness.tag}-other`)).has('ORPHAN-1')).toBe(true);

  expect((await replay('--check', '--trial', harness.trialId)).code).toBe(0);
  const other = await replay('--check', '--trial', otherTrial);
  expect(other.code).toBe(1);
  expect(JSON.parse(other.stdout)).toMatchObject({ participants: 0, orphaned: 1 });
  expect((await replay('--trial', otherTrial)).code).toBe(0);
  expect((await rows(`${harness.tag}-other`)).size).toBe(0);
}, 180_000);
