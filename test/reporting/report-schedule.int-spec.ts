import { sql } from '../support/database';
import { eventually, http } from '../support/http';
import { ReportingApp, ReportingWorld } from './support/reporting-app';

// Issue 5, time travel: the clock is injected, so these tests move it instead of waiting.
// Real Postgres and Kafka; each test has its own trial (and scheduler scope).

async function reportsOf(
  world: ReportingWorld,
): Promise<{ type: string; as_of: string; trigger: string; version: number; scheduled_for: Date | null }[]> {
  return sql(
    `SELECT r.type, to_char(r.as_of, 'YYYY-MM-DD') AS as_of, r.trigger, r.version, run.scheduled_for
       FROM reports r LEFT JOIN report_runs run USING (run_id) WHERE r.trial_id = $1 ORDER BY r.created_at, r.as_of, r.version`,
    [world.trialId],
  );
}

describe('scheduled reports, with the clock moved by the test', () => {
  const apps: ReportingApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
  }, 60_000);

  async function start(
    world: ReportingWorld,
    at: string,
    env: Record<string, string> = {},
  ): Promise<ReportingApp> {
    const app = await new ReportingApp(world, new Date(at), env).start();
    apps.push(app);
    return app;
  }

  it('produces the monthly interim reports at 06:00 London time on the 1st, as of that date, once each', async () => {
    const world = new ReportingWorld();
    await world.create('2017-07-01');
    await world.project({ participants: 300 });
    const app = await start(world, '2018-01-15T10:00:00Z');

    // the schedule starts when the service first sees the trial: nothing is "missed" before that
    expect((await app.tick()).produced).toEqual([]);

    app.clock.set(new Date('2018-02-01T05:59:00Z'));
    expect((await app.tick()).produced).toEqual([]);

    app.clock.set(new Date('2018-02-01T06:00:30Z'));
    const february = (await app.tick()).produced;
    expect(february).toHaveLength(1);
    expect(february[0]).toMatchObject({
      trialId: world.trialId,
      type: 'interim',
      asOf: '2018-02-01',
      version: 1,
      trigger: 'schedule',
      scheduledFor: '2018-02-01T06:00:00.000Z',
    });
    expect((await app.tick()).produced).toEqual([]);

    app.clock.set(new Date('2018-03-01T06:01:00Z'));
    expect((await app.tick()).produced.map((r) => r.asOf)).toEqual(['2018-03-01']);

    // 06:00 in London is 05:00 UTC in summer time
    app.clock.set(new Date('2018-04-01T05:00:30Z'));
    expect((await app.tick()).produced.map((r) => [r.asOf, r.scheduledFor])).toEqual([
      ['2018-04-01', '2018-04-01T05:00:00.000Z'],
    ]);

    const listed = await http('GET', `${app.url}/v1/reports?trialId=${world.trialId}`, {
      key: world.keys.programmeLead,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.reports.map((r: { asOf: string }) => r.asOf)).toEqual([
      '2018-04-01',
      '2018-03-01',
      '2018-02-01',
    ]);
    expect(await reportsOf(world)).toHaveLength(3);
  }, 120_000);

  it('follows a schedule changed through the API at the next tick, without a restart', async () => {
    const world = new ReportingWorld();
    await world.create('2017-07-01');
    await world.project({ participants: 100 });
    const app = await start(world, '2018-01-10T09:00:00Z');
    await app.tick();

    const weekly = await http('PUT', `${app.url}/v1/trials/${world.trialId}/schedule`, {
      key: world.keys.programmeLead,
      json: { cron: '30 7 * * 1' },
    });
    expect(weekly.status).toBe(200);
    expect(weekly.body).toMatchObject({ cron: '30 7 * * 1', timezone: 'Europe/London', enabled: true });
    expect(weekly.body.nextInterimReports[0]).toEqual({ at: '2018-01-15T07:30:00.000Z', asOf: '2018-01-15' });

    app.clock.set(new Date('2018-01-15T07:31:00Z'));
    expect((await app.tick()).produced.map((r) => r.asOf)).toEqual(['2018-01-15']);

    const paused = await http('PUT', `${app.url}/v1/trials/${world.trialId}/schedule`, {
      key: world.keys.admin,
      json: { cron: '30 7 * * 1', enabled: false },
    });
    expect(paused.body.nextInterimReports).toEqual([]);
    app.clock.set(new Date('2018-01-22T07:31:00Z'));
    expect((await app.tick()).produced).toEqual([]);

    const tooOften = await http('PUT', `${app.url}/v1/trials/${world.trialId}/schedule`, {
      key: world.keys.programmeLead,
      json: { cron: '* * * * *' },
    });
    expect(tooOften.status).toBe(400);
    expect(tooOften.body.details[0]).toEqual({
      path: 'cron',
      message: 'cron "* * * * *" fires more often than once every 1 hour',
    });
    const badZone = await http('PUT', `${app.url}/v1/trials/${world.trialId}/schedule`, {
      key: world.keys.programmeLead,
      json: { cron: '0 6 1 * *', timezone: 'Mars/Olympus' },
    });
    expect(badZone.status).toBe(400);
    expect(badZone.body.details[0].path).toBe('timezone');
    expect(
      (
        await http('PUT', `${app.url}/v1/trials/${world.trialId}/schedule`, {
          key: world.keys.evaluator,
          json: { cron: '0 6 1 * *' },
        })
      ).status,
    ).toBe(403);
  }, 120_000);

  it('publishes the first-year results once, when the London date reaches the first anniversary, and again only on demand', async () => {
    const world = new ReportingWorld();
    await world.create('2017-07-01');
    await world.project({ participants: 300 });
    const app = await start(world, '2018-06-20T12:00:00Z');
    expect((await app.tick()).produced).toEqual([]);

    app.clock.set(new Date('2018-06-30T22:59:30Z')); // 23:59:30 on 30 June in London
    expect((await app.tick()).produced).toEqual([]);

    app.clock.set(new Date('2018-06-30T23:00:30Z')); // 00:00:30 on 1 July in London
    const anniversary = (await app.tick()).produced;
    expect(anniversary.map((r) => [r.type, r.asOf, r.trigger])).toEqual([
      ['first_year', '2018-07-01', 'schedule'],
    ]);
    expect((await app.tick()).produced).toEqual([]);

    app.clock.set(new Date('2018-07-01T05:00:30Z'));
    expect((await app.tick()).produced.map((r) => [r.type, r.asOf])).toEqual([['interim', '2018-07-01']]);
    app.clock.set(new Date('2018-09-15T12:00:00Z'));
    expect((await app.tick()).produced.map((r) => [r.type, r.asOf])).toEqual([
      ['interim', '2018-08-01'],
      ['interim', '2018-09-01'],
    ]);

    // re-published on demand: a new version of the same as-of date, never a change to the first
    const again = await http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, {
      key: world.keys.programmeLead,
      json: { type: 'first_year' },
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      type: 'first_year',
      asOf: '2018-07-01',
      version: 2,
      trigger: 'on_demand',
      scheduledFor: null,
    });
    const firstYears = (await reportsOf(world)).filter((r) => r.type === 'first_year');
    expect(firstYears.map((r) => [r.version, r.trigger])).toEqual([
      [1, 'schedule'],
      [2, 'on_demand'],
    ]);
  }, 120_000);

  it('makes up a run missed while the service was down, exactly once, even with two instances starting together', async () => {
    const world = new ReportingWorld();
    await world.create('2017-07-01');
    await world.project({ participants: 300 });
    const before = await start(world, '2018-04-10T12:00:00Z');
    await before.tick();
    await before.stop(); // down over the 1 May run

    const a = await start(world, '2018-05-03T09:00:00Z');
    const b = await start(world, '2018-05-03T09:00:00Z');
    const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
    const produced = [...fromA.produced, ...fromB.produced];
    expect(produced.map((r) => [r.asOf, r.scheduledFor])).toEqual([
      ['2018-05-01', '2018-05-01T05:00:00.000Z'],
    ]);
    const [againA, againB] = await Promise.all([a.tick(), b.tick()]);
    expect([...againA.produced, ...againB.produced]).toEqual([]);

    const runs = await sql(`SELECT status, attempts FROM report_runs WHERE trial_id = $1`, [world.trialId]);
    expect(runs).toEqual([{ status: 'done', attempts: 1 }]);
    expect((await reportsOf(world)).map((r) => [r.as_of, r.trigger])).toEqual([['2018-05-01', 'schedule']]);
  }, 120_000);

  it('takes over a run whose instance died mid-way once its lease has run out, and produces it once', async () => {
    const world = new ReportingWorld();
    await world.create('2017-07-01');
    await world.project({ participants: 100 });
    const app = await start(world, '2018-04-10T12:00:00Z');
    await app.tick();
    // another instance claimed the 1 May run at 06:00:05 and died: its lease holds for 15 minutes
    await sql(
      `INSERT INTO report_runs (run_id, trial_id, type, scheduled_for, as_of, status, claimed_by, lease_until, attempts, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, 'interim', '2018-05-01T05:00:00Z', '2018-05-01', 'claimed', 'crashed-instance', '2018-05-01T05:15:05Z', 1, '2018-05-01T05:00:05Z', '2018-05-01T05:00:05Z')`,
      [world.trialId],
    );
    app.clock.set(new Date('2018-05-01T05:10:00Z'));
    expect((await app.tick()).produced).toEqual([]);
    app.clock.set(new Date('2018-05-01T05:16:00Z'));
    expect((await app.tick()).produced.map((r) => r.asOf)).toEqual(['2018-05-01']);
    expect(
      await sql(
        `SELECT status, attempts, claimed_by = 'crashed-instance' AS stale FROM report_runs WHERE trial_id = $1`,
        [world.trialId],
      ),
    ).toEqual([{ status: 'done', attempts: 2, stale: false }]);
  }, 120_000);

  it('makes up missed runs as it starts, without being asked', async () => {
    const world = new ReportingWorld();
    await world.create('2017-07-01');
    await world.project({ participants: 100 });
    const before = await start(world, '2018-04-10T12:00:00Z');
    await before.tick();
    await before.stop();

    // a timer an hour apart: only the start-up pass can have produced the report in time
    await start(world, '2018-06-02T08:00:00Z', { REPORTING_TICK_SECONDS: '3600' });
    const made = await eventually(
      async () => {
        const rows = await reportsOf(world);
        return rows.length >= 2 ? rows : undefined;
      },
      30_000,
      'the missed May and June reports',
    );
    expect(made.map((r) => r.as_of)).toEqual(['2018-05-01', '2018-06-01']);
  }, 120_000);
});
