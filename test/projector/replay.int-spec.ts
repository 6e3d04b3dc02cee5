import { sql } from '../support/database';
import { validEvent } from '../support/events';
import { eventually } from '../support/http';
import { eventStoreCount, expectedJourneys, storedJourneys } from '../support/journeys';
import { runCli } from '../support/run-cli';
import { TopicWriter } from '../support/topic-writer';
import { TrialHarness } from '../support/trial-harness';
import { projectMessyTrial } from '../support/projection';

// Issue 4: `npm run replay` reproduces the live read models exactly — from the event store,
// and from the topic (re-consumed from offset 0) — and says when they differ.
const harness = new TrialHarness();
const writer = new TopicWriter();
const site = `${harness.tag}-replay`;
const replay = (...args: string[]) => runCli('apps/projector/src/replay/replay.js', args, harness.env());
let sent: Record<string, any>[] = [];

beforeAll(async () => {
  await harness.start(['projector']);
  sent = await projectMessyTrial(harness, writer, site, 120, 7);
}, 120_000);

afterAll(async () => {
  await writer.close();
  await harness.stopAll();
}, 60_000);

it('--check finds the live read models equal to a rebuild from the event store', async () => {
  const result = await replay('--check', '--trial', harness.trialId);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report).toMatchObject({ mode: 'check', different: 0, missing: 0, orphaned: 0 });
  expect(report.participants).toBe(120);
  expect(result.stderr).toMatch(/re-folding journeys .*100%/);
}, 120_000);

it('notices a damaged journey, and a rebuild repairs it', async () => {
  await sql(
    `UPDATE journeys SET journey = jsonb_set(journey::jsonb, '{jobs}', '[]')::json WHERE site_id = $1 AND (journey->'jobs')::jsonb <> '[]'::jsonb`,
    [site],
  );
  const damaged = await replay('--check', '--trial', harness.trialId);
  expect(damaged.code).toBe(1);
  expect(JSON.parse(damaged.stdout).different).toBeGreaterThan(0);

  const rebuilt = await replay('--trial', harness.trialId);
  expect(rebuilt.code).toBe(0);
  expect(await storedJourneys([site])).toEqual(expectedJourneys(sent, harness.trialId));
  expect((await replay('--check', '--trial', harness.trialId)).code).toBe(0);
}, 120_000);

it('--from-topic rebuilds everything from Kafka to the same state, and the live projector carries on after it', async () => {
  const before = await storedJourneys([site]);
  const result = await replay('--from-topic');
  expect(result.stderr).toMatch(/replaying topic .*100%/);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ mode: 'from-topic', differences: 0 });
  expect(await storedJourneys([site])).toEqual(before);
  const distinct = new Set(sent.map((e) => e.eventId)).size;
  expect(await eventStoreCount([site])).toEqual({ rows: distinct, distinct });

  // the live projector resumes from where the replay stopped: new events arrive once
  const late = validEvent('participant.withdrawn', site, 'R-0', { occurredOn: '2019-06-01' });
  await writer.send(`${harness.tag}.ips.participant-events`, [TopicWriter.message(late, harness.trialId)]);
  await eventually(
    async () => ((await eventStoreCount([site])).rows === distinct + 1 ? true : undefined),
    60_000,
    'the late event',
  );
  expect(await storedJourneys([site])).toEqual(expectedJourneys([...sent, late], harness.trialId));
}, 180_000);

it('refuses a command line it does not understand, naming what is wrong, and changes nothing', async () => {
  const before = await eventStoreCount([site]);
  for (const [args, says] of [
    [['--bogus'], "Unknown option '--bogus'"],
    [['--check', '--trial'], "Option '--trial <value>' argument missing"],
    [['--check', 'extra'], "Unexpected argument 'extra'"],
  ] as const) {
    const result = await replay(...args);
    expect([args, result.code]).toEqual([args, 2]);
    expect(result.stderr).toContain(says);
    expect(result.stderr).toContain('npm run replay -- [--check]');
  }
  expect(await eventStoreCount([site])).toEqual(before);
});
