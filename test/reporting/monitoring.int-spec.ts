import type { Journey } from '@ips/domain';
import { informationFraction, interimLook, obrienFlemingBoundaries, primaryEstimate } from '@ips/domain';
import { sql } from '../support/database';
import { http } from '../support/http';
import { ReportingApp, ReportingWorld } from './support/reporting-app';
import {
  VERDICT_CROSSED,
  VERDICT_NOT_A_LOOK,
  VERDICT_NOT_CROSSED,
} from '../../apps/reporting/src/reports/report-content/report-monitoring';

// Issue 11, DESIGN §6c: the monitoring plan (PUT, audited, 400/404/409/422), looks taken
// from published reports and frozen with them, and GET …/monitoring with the next look.

const world = new ReportingWorld();
let app: ReportingApp;
let journeys: Journey[];
const url = () => `${app.url}/v1/trials/${world.trialId}/monitoring`;

const put = (json: unknown, key = world.keys.programmeLead) => http('PUT', url(), { key, json });
const publish = (asOf: string) =>
  http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, {
    key: world.keys.programmeLead,
    json: { type: 'interim', asOf },
  });

beforeAll(async () => {
  await world.create('2017-07-01');
  journeys = await world.project({ participants: 1500 }, [100, 100, 100]);
  app = await new ReportingApp(world, new Date('2017-12-01T09:00:00Z')).start();
}, 120_000);

afterAll(() => app?.stop(), 60_000);

describe('the monitoring plan', () => {
  it('is 404 saying so before one is set', async () => {
    const res = await http('GET', url(), { key: world.keys.evaluator });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`trial ${world.trialId} has no monitoring plan`);
  });

  it.each([
    [{ primaryOutcome: 'jobs', plannedParticipants: 100 }, 'primaryOutcome'],
    [{ primaryOutcome: 'worked13wIn12m', plannedParticipants: 0 }, 'plannedParticipants'],
    [{ primaryOutcome: 'worked13wIn12m', plannedParticipants: 10.5 }, 'plannedParticipants'],
    [{ primaryOutcome: 'worked13wIn12m', plannedParticipants: 100, alpha: 0.5 }, 'alpha'],
    [{ primaryOutcome: 'worked13wIn12m', plannedParticipants: 100, alpha: 0 }, 'alpha'],
  ])('refuses %j naming %s', async (json, field) => {
    const res = await put(json);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('is for admins and programme leads only, and 404 for an unknown trial', async () => {
    expect(
      (await put({ primaryOutcome: 'jobStart12m', plannedParticipants: 900 }, world.keys.evaluator)).status,
    ).toBe(403);
    const res = await http('PUT', `${app.url}/v1/trials/${world.tag}-nope/monitoring`, {
      key: world.keys.admin,
      json: { primaryOutcome: 'jobStart12m', plannedParticipants: 900 },
    });
    expect(res.status).toBe(404);
  });

  it('is set, changed before any look, and audited', async () => {
    const first = await put({ primaryOutcome: 'jobStart12m', plannedParticipants: 900 }, world.keys.admin);
    expect(first.status).toBe(200);
    const res = await put({ primaryOutcome: 'worked13wIn12m', plannedParticipants: 1000, alpha: 0.05 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      plan: {
        trialId: world.trialId,
        primaryOutcome: 'worked13wIn12m',
        plannedParticipants: 1000,
        alpha: 0.05,
      },
      looks: [],
      next: null,
    });
    const audit = await sql(
      `SELECT outcome, details FROM audit_log WHERE action = 'monitoring.plan.set' AND details->>'trialId' = $1 ORDER BY id`,
      [world.trialId],
    );
    expect(audit.map((a) => [a.outcome, a.details.primaryOutcome])).toEqual([
      ['ok', 'jobStart12m'],
      ['ok', 'worked13wIn12m'],
    ]);
  });
});

describe('looks', () => {
  const plan = { primaryOutcome: 'worked13wIn12m' as const, plannedParticipants: 1000, alpha: 0.05 };
  const estimate = (asOf: string) =>
    primaryEstimate({ trialId: world.trialId, asOf, journeys }, plan.primaryOutcome);

  it('are the reports whose information fraction qualifies, frozen with them', async () => {
    // pick as-of dates by the information they carry, from the trial itself
    const dates = [
      '2018-09-30',
      '2018-10-31',
      '2018-12-31',
      '2019-03-31',
      '2019-06-30',
      '2019-09-30',
      '2019-12-31',
    ];
    app.clock.set(new Date('2020-01-02T09:00:00Z'));
    const expected: { asOf: string; t: number }[] = [];
    const previous: number[] = [];
    const published: { id: string; asOf: string }[] = [];
    for (const asOf of dates) {
      const res = await publish(asOf);
      expect(res.status).toBe(201);
      published.push({ id: res.body.id, asOf });
      const look = interimLook(plan, previous, estimate(asOf));
      if (look) {
        previous.push(look.informationFraction);
        expected.push({ asOf, t: look.informationFraction });
      }
    }
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(expected.length).toBeLessThan(dates.length); // some reports were too early or too close

    const res = await http('GET', `${url()}?asOf=2020-01-01`, { key: world.keys.evaluator });
    expect(res.status).toBe(200);
    expect(res.body.looks.map((l: { asOf: string }) => l.asOf)).toEqual(expected.map((e) => e.asOf));
    const boundaries = obrienFlemingBoundaries(plan.alpha, previous);
    res.body.looks.forEach((l: Record<string, any>, k: number) => {
      const e = estimate(l.asOf);
      expect(l.reportId).toBe(published.find((p) => p.asOf === l.asOf)!.id);
      expect(l.informationFraction).toBe(informationFraction(plan, e.followUpComplete));
      expect(l.z).toBe(e.z);
      expect(l.boundary).toBe(boundaries[k].boundary);
      expect(l.nominalP).toBe(boundaries[k].nominalP);
      expect(l.alphaSpent).toBe(boundaries[k].alphaSpent);
      expect(l.crossed).toBe(Math.abs(e.z!) >= boundaries[k].boundary);
    });
    // every report published under the plan carries the monitoring table and its verdict (DESIGN §6c, §8)
    let seen = 0;
    for (const p of published) {
      const doc = await http('GET', `${app.url}/v1/reports/${p.id}.json`, { key: world.keys.evaluator });
      expect(doc.status).toBe(200);
      const own = res.body.looks.findIndex((l: { asOf: string }) => l.asOf === p.asOf);
      if (own >= 0) seen = own + 1;
      const m = doc.body.monitoring;
      expect(m).toMatchObject({
        primaryOutcome: plan.primaryOutcome,
        plannedParticipants: 1000,
        alpha: 0.05,
      });
      expect(m.thisLook).toBe(own >= 0 ? own + 1 : null);
      expect(m.looks).toEqual(
        res.body.looks.slice(0, seen).map((l: Record<string, any>, k: number) => ({
          look: k + 1,
          asOf: l.asOf,
          informationFraction: Math.round(l.informationFraction * 100) / 100,
          z: l.z,
          boundary: l.boundary,
          nominalP: l.nominalP,
          alphaSpent: l.alphaSpent,
          crossed: l.crossed,
        })),
      );
      expect(m.verdict).toBe(
        own < 0 ? VERDICT_NOT_A_LOOK : res.body.looks[own].crossed ? VERDICT_CROSSED : VERDICT_NOT_CROSSED,
      );
    }
    expect(res.body.next).toEqual(
      (() => {
        const n = interimLook(plan, previous, estimate('2020-01-01'));
        return n === null ? null : { reportId: null, asOf: '2020-01-01', ...n };
      })(),
    );
  }, 120_000);

  it('freeze the plan: a change after a look is 409, and the database refuses to alter a look', async () => {
    const res = await put({ primaryOutcome: 'jobStart12m', plannedParticipants: 1200 });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/cannot change after a look/);
    await expect(
      sql(`UPDATE monitoring_looks SET z = 0 WHERE trial_id = $1`, [world.trialId]),
    ).rejects.toThrow(/frozen/);
    const audit = await sql(
      `SELECT outcome FROM audit_log WHERE action = 'monitoring.plan.set' AND details->>'trialId' = $1 ORDER BY id`,
      [world.trialId],
    );
    expect(audit.map((a) => a.outcome)).toEqual(['ok', 'ok', 'rejected']);
  });

  it('refuses a plan below the participants already followed up (422)', async () => {
    const other = new ReportingWorld();
    await other.create('2017-07-01');
    await other.project({ participants: 300 }, [1, 1, 1]);
    const res = await http('PUT', `${app.url}/v1/trials/${other.trialId}/monitoring`, {
      key: world.keys.admin,
      json: { primaryOutcome: 'worked13wIn12m', plannedParticipants: 1 },
    });
    expect(res.status).toBe(422);
    expect(res.body.details[0].path).toBe('plannedParticipants');
  }, 60_000);
});
