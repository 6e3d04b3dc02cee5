import { FaultSystem } from './support/fault-system';
import { jitter, loadFor, runScenario } from './support/scenario';

// Issue 7, fault injection (4): projector instances join and leave one consumer group while
// the load streams — started, stopped gracefully (SIGTERM) and killed (kill -9) at random,
// between one and three at a time — so partitions move between instances again and again,
// sometimes while a batch is in hand.
const system = new FaultSystem({
  name: 'projector-rebalance',
  env: { PROJECTOR_SUB_BATCH: '100' },
});

beforeAll(() => system.start({ projectors: 1 }), 300_000);
afterAll(() => system.destroy(), 120_000);

it('projectors added and removed during the load: every acknowledged event stored once, journeys and outcomes exact, DLQ exact', async () => {
  const load = loadFor(system, { seed: 44 });
  await runScenario('projector-rebalance', system, load, async () => {
    const actions: string[] = [];
    let most = 1;
    while (load.progress < 0.85) {
      await jitter(1_000, 4_000);
      const n = system.projectors.length;
      const choices = [...(n < 3 ? ['add', 'add'] : []), ...(n > 1 ? ['term', 'kill'] : [])];
      const action = choices[Math.floor(Math.random() * choices.length)];
      if (action === 'add') await system.addProjector();
      else {
        const victim = system.projectors[Math.floor(Math.random() * n)];
        const code = await system.removeProjector(victim, action === 'term' ? 'term' : 'kill');
        // a graceful stop finishes (or abandons) the batch in hand, commits and exits 0
        if (action === 'term') expect(code).toBe(0);
      }
      most = Math.max(most, system.projectors.length);
      actions.push(`${action}→${system.projectors.length}`);
    }
    return { actions: actions.join(' '), mostInstances: most };
  });
}, 900_000);
