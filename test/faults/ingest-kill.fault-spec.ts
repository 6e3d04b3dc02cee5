import { FaultSystem, sleep } from './support/fault-system';
import { jitter, loadFor, runScenario } from './support/scenario';

// Issue 7, fault injection (5): the ingest is killed (kill -9, by pid) while requests are in
// flight, again and again, and started again on the same port. The clients see broken or
// refused connections and send the same batches (same eventIds) again; what Kafka already
// took before the kill is recognised as a duplicate, what it did not is accepted once.
const system = new FaultSystem({
  name: 'ingest-kill',
  env: { PROJECTOR_SUB_BATCH: '200' },
});

beforeAll(() => system.start({ projectors: 1 }), 300_000);
afterAll(() => system.destroy(), 120_000);

it('ingest killed mid-request and restarted: every acknowledged event stored once, journeys and outcomes exact, DLQ exact', async () => {
  const load = loadFor(system, { seed: 55, batchMax: 400 });
  await runScenario('ingest-kill', system, load, async () => {
    let kills = 0;
    let midRequest = 0;
    while (load.progress < 0.85) {
      await jitter(1_000, 4_000);
      // kill while a request is in flight
      for (let i = 0; i < 100 && load.inFlight === 0; i++) await sleep(10);
      if (load.inFlight > 0) midRequest++;
      await system.restartIngest('kill');
      kills++;
    }
    return { kills, killedMidRequest: midRequest, connectionFailures: load.stats.byStatus['0'] ?? 0 };
  });
  // the clients did see broken connections, and recovered from them by resending
  expect(load.stats.byStatus['0'] ?? 0).toBeGreaterThan(0);
}, 900_000);
