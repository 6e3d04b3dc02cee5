import { FaultSystem } from './support/fault-system';
import { jitter, loadFor, runScenario } from './support/scenario';

// Issue 7, fault injection (1): while the load streams through the ingest API, the projector
// is killed (kill -9, by pid) at random moments, again and again, and started again at once —
// while it starts, while it joins its group, while it projects. Small sub-batches make a kill
// land inside a transaction, between transactions, or between the Postgres commit and the
// Kafka commit.
const system = new FaultSystem({
  name: 'projector-kill',
  env: { PROJECTOR_SUB_BATCH: '50' },
});

beforeAll(() => system.start(), 300_000);
afterAll(() => system.destroy(), 120_000);

it('kill -9 of the projector at random moments: every acknowledged event stored once, journeys and outcomes exact, DLQ exact', async () => {
  const load = loadFor(system, { seed: 11 });
  await runScenario('projector-kill', system, load, async () => {
    let kills = 0;
    let whileStarting = 0;
    let projector = system.projectors[0];
    let up = Promise.resolve(true); // the first one is up already
    while (load.progress < 0.85) {
      // mostly after it has been working a while, sometimes before it has even come up
      if (Math.random() < 0.3) await jitter(100, 2_500);
      else await up.then(() => jitter(200, 2_500));
      const listening = projector.port > 0;
      await system.removeProjector(projector, 'kill');
      kills++;
      if (!listening) whileStarting++;
      projector = system.launchProjector();
      up = projector.listening(120_000).then(
        () => true,
        () => false,
      );
    }
    await projector.listening(120_000);
    return { kills, whileStarting };
  });
}, 900_000);
