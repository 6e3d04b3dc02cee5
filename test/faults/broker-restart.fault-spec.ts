import { FaultSystem, sleep, waitForHealth } from './support/fault-system';
import { loadFor, runScenario } from './support/scenario';

// Issue 7, fault injection (2): while the load streams, the Kafka broker is stopped (SIGTERM
// by its pid, a clean shutdown) and started again, then killed (kill -9 by its pid) and
// started again. Meanwhile the ingest answers 503 and its clients retry the same batches;
// every app reconnects by itself (none is restarted) and /health says "down" while the
// broker is away and "up" once it is back.
const system = new FaultSystem({
  name: 'broker-restart',
  env: { PROJECTOR_SUB_BATCH: '200' },
});

beforeAll(() => system.start({ projectors: 2 }), 300_000);
afterAll(() => system.destroy(), 120_000);

it('Kafka stopped and killed, then started again: every acknowledged event stored once, journeys and outcomes exact, DLQ exact', async () => {
  const load = loadFor(system, { seed: 22 });
  const apps = () => [system.ingest!, ...system.projectors];
  const pids = [system.ingest!, system.query!, ...system.projectors].map((s) => s.pid);
  await runScenario('broker-restart', system, load, async () => {
    const outages: Record<string, unknown>[] = [];
    for (const [at, how] of [
      [0.2, 'stop'],
      [0.55, 'kill -9'],
    ] as const) {
      await load.waitForProgress(at);
      const refusedBefore = load.stats.byStatus['503'] ?? 0;
      const stoppedAt = Date.now();
      if (how === 'stop') system.broker.stop();
      else system.broker.kill();
      const healthDown = await waitForHealth(
        apps(),
        (h) => h.status === 503 && h.kafka === 'down',
        30_000,
        'kafka down',
      );
      await sleep(Math.max(0, 10_000 - (Date.now() - stoppedAt)));
      const refusedDuring = (load.stats.byStatus['503'] ?? 0) - refusedBefore;
      system.broker.start();
      const healthUp = await waitForHealth(
        [...apps(), system.query!],
        (h) => h.status === 200,
        90_000,
        'everything up',
      );
      outages.push({
        how,
        outageSeconds: Math.round((Date.now() - stoppedAt) / 100) / 10,
        healthDownSeconds: healthDown,
        healthUpSeconds: healthUp,
        ingest503s: refusedDuring,
      });
      // the ingest refused while Kafka was away (503, never a 500), and took the retries after
      expect(refusedDuring).toBeGreaterThan(0);
    }
    return { outages };
  });
  // nobody was restarted: the same processes served throughout
  const apps2 = [system.ingest!, system.query!, ...system.projectors];
  expect(
    apps2.map((s) => ({ pid: s.pid, alive: s.child.exitCode === null && s.child.signalCode === null })),
  ).toEqual(pids.map((pid) => ({ pid, alive: true })));
}, 900_000);
