import { http } from '../support/http';
import { ReportingApp, ReportingWorld } from './support/reporting-app';

// Issue 5, scale: the first-year results of a 100,000-participant trial (a seeded simulated
// trial, as the projector would have folded it) in seconds, not minutes. Reading the
// journeys dominates; the outcome tables, disclosure control and the hash are the rest.

const world = new ReportingWorld();
let app: ReportingApp;

beforeAll(async () => {
  await world.create('2017-07-01');
  await world.project({ participants: 100_000, seed: 21, now: new Date('2019-06-30T12:00:00Z') });
  app = await new ReportingApp(world, new Date('2019-06-30T12:00:00Z')).start();
}, 600_000);

afterAll(() => app?.stop(), 60_000);

// The time is printed, not asserted: bench 7 (`npm run bench`) measures it.
it('produces the first-year results of a 100,000-participant trial', async () => {
  const started = performance.now();
  const res = await http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, {
    key: world.keys.programmeLead,
    json: { type: 'first_year' },
  });
  const seconds = (performance.now() - started) / 1000;
  expect(res.status).toBe(201);
  process.stdout.write(`first-year report of 100,000 participants: ${seconds.toFixed(2)} s\n`);

  const page = await http('GET', `${app.url}${res.body.links.html}`, { key: world.keys.programmeLead });
  expect(page.status).toBe(200);
  expect(page.text).toMatch(/Randomised so far<\/dt><dd>[\d,]+ \(IPS [\d,]+, usual care [\d,]+\)/);
}, 120_000);
