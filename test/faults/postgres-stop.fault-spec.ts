import { FaultSystem, sleep, waitForHealth } from './support/fault-system';
import { loadFor, runScenario } from './support/scenario';

// Issue 7, fault injection (3): while the load streams, the system's PostgreSQL is stopped
// hard (pg_ctl stop -m immediate: every backend killed, no checkpoint; the next start runs
// crash recovery) and started again, twice (8 s, then 50 s). Meanwhile the ingest answers 503 and its clients
// retry; every app reconnects by itself (none is restarted), and /health says "down" while
// Postgres is away and "up" once it is back.
const system = new FaultSystem({
  name: 'postgres-stop',
  env: { PROJECTOR_SUB_BATCH: '200' },
});

beforeAll(() => system.start({ projectors: 2 }), 300_000);
afterAll(() => system.destroy(), 120_000);

it('Postgres stopped hard and started again: every acknowledged event stored once, journeys and outcomes exact, DLQ exact', async () => {
  const load = loadFor(system, { seed: 33 });
  const apps = () => [system.ingest!, system.query!, ...system.projectors];
  const pids = apps().map((s) => s.pid);
  await runScenario('postgres-stop', system, load, async () => {
    const outages: Record<string, number>[] = [];
    // the second outage outlasts the projector consumer's own retries (about 40 s), so
    // kafkajs crashes it: it must come back by itself
    for (const [at, seconds] of [
      [0.2, 8],
      [0.5, 50],
    ]) {
      await load.waitForProgress(at);
      const refusedBefore = load.stats.byStatus['503'] ?? 0;
      const stoppedAt = Date.now();
      system.postgres.stopImmediate();
      const healthDown = await waitForHealth(
        apps(),
        (h) => h.status === 503 && h.postgres === 'down',
        30_000,
        'postgres down',
      );
      await sleep(Math.max(0, seconds * 1000 - (Date.now() - stoppedAt)));
      await system.postgres.start();
      const healthUp = await waitForHealth(apps(), (h) => h.status === 200, 90_000, 'everything up');
      const refusedDuring = (load.stats.byStatus['503'] ?? 0) - refusedBefore;
      outages.push({
        outageSeconds: Math.round((Date.now() - stoppedAt) / 100) / 10,
        healthDownSeconds: healthDown,
        healthUpSeconds: healthUp,
        ingest503s: refusedDuring,
      });
      // the ingest refused while Postgres was away (503, never a 500), and took the retries after
      expect(refusedDuring).toBeGreaterThan(0);
    }
    return { outages };
  });
  // nobody was restarted: the same processes served throughout
  expect(
    apps().map((s) => ({ pid: s.pid, alive: s.child.exitCode === null && s.child.signalCode === null })),
  ).toEqual(pids.map((pid) => ({ pid, alive: true })));
}, 900_000);
