import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, http } from '../support/http';
import { projectedEverything } from '../support/projection';
import { TrialHarness } from '../support/trial-harness';
import { runCli } from '../support/run-cli';

// Issue 6: the simulator plays two trial sites through the real CLI process, as a client
// would: `setup` creates the trial and its sites through the admin API, `send` streams a
// few hundred participants through the ingest, and the query API ends up showing exactly
// the participants the generator randomised.

const harness = new TrialHarness({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' });
const work = mkdtempSync(join(tmpdir(), 'ips-simulator-'));
const trialId = `${harness.tag}-sim`;
const prefix = `${harness.tag}-`;
let adminKey = '';
let evaluatorKey = '';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: any;
}

async function simulator(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli('apps/simulator/src/main.js', args, env);
  let summary: unknown = null;
  try {
    summary = JSON.parse(run.stdout);
  } catch {
    /* not a summary */
  }
  return { ...run, summary };
}

/**
 * An admin key of our own. The bootstrap key (ADMIN_API_KEY) is revoked whenever another
 * ingest sharing the test database starts with a different one, so the test mints a
 * durable admin key first, re-bootstrapping its ingest if it lost that race.
 */
async function durableAdminKey(): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await http('POST', `${harness.url('ingest')}/v1/keys`, {
      key: harness.adminKey,
      json: { role: 'admin' },
    });
    if (res.status === 201) return res.body.apiKey;
    await harness.service('ingest').stop();
    harness.services.delete('ingest');
    await harness.start(['ingest']);
  }
  throw new Error('could not mint an admin key');
}

async function outcomesByArm(): Promise<Record<string, any>> {
  const res = await http('GET', `${harness.url('query')}/v1/trials/${trialId}/outcomes?groupBy=arm`, {
    key: evaluatorKey,
  });
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.groups.map((g: any) => [String(g.key.arm), g.flow]));
}

const keysFile = join(work, 'keys.json');
const TRIAL = ['--participants', '300', '--seed', '20170701'];
let sent: CliRun;

beforeAll(async () => {
  await harness.start(['ingest', 'projector', 'query']);
  adminKey = await durableAdminKey();
  evaluatorKey = (
    await http('POST', `${harness.url('ingest')}/v1/keys`, { key: adminKey, json: { role: 'evaluator' } })
  ).body.apiKey;
}, 180_000);

afterAll(async () => {
  await harness.stopAll();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('simulator CLI against the running services', () => {
  it('setup creates the trial and both sites and writes their keys (0600); run again, it reuses them', async () => {
    const args = [
      'setup',
      '--ingest-url',
      harness.url('ingest'),
      '--trial',
      trialId,
      '--site-prefix',
      prefix,
      '--out',
      keysFile,
    ];
    const first = await simulator([...args, '--admin-key', adminKey]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.summary).toEqual({
      command: 'setup',
      trialId,
      trialCreated: true,
      sitesCreated: [`${prefix}sheffield`, `${prefix}west-midlands`],
      sitesReused: [],
      out: keysFile,
    });
    const keys = JSON.parse(readFileSync(keysFile, 'utf8'));
    expect(keys.trialId).toBe(trialId);
    expect(keys.sites.map((s: any) => [s.siteId, s.name])).toEqual([
      [`${prefix}sheffield`, 'Sheffield City Region'],
      [`${prefix}west-midlands`, 'West Midlands'],
    ]);
    expect(keys.sites.every((s: any) => /^ipsk_/.test(s.apiKey))).toBe(true);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    expect(first.stdout).not.toContain(keys.sites[0].apiKey);

    // the admin key may also come from the environment
    const again = await simulator(args, { ADMIN_API_KEY: adminKey });
    expect(again.code).toBe(0);
    expect(again.summary).toMatchObject({
      trialCreated: false,
      sitesCreated: [],
      sitesReused: [`${prefix}sheffield`, `${prefix}west-midlands`],
    });
    expect(JSON.parse(readFileSync(keysFile, 'utf8'))).toEqual(keys);
  }, 60_000);

  it('send streams a few hundred participants; the query API shows exactly the participants the generator randomised', async () => {
    sent = await simulator([
      'send',
      '--ingest-url',
      harness.url('ingest'),
      '--keys-file',
      keysFile,
      ...TRIAL,
      '--batch',
      '200',
      '--concurrency',
      '2',
    ]);
    expect(sent.code).toBe(0);
    const s = sent.summary;
    const generated = s.generated;
    expect(s.events).toBe(generated.events);
    expect(s.accepted + s.duplicates + s.rejected).toBe(s.events);
    expect(s.rejected).toBe(0);
    // the site resends some events unchanged: the ingest recognises them (a few may race
    // a concurrent request with the original and count as accepted again)
    expect(s.duplicates).toBeLessThanOrEqual(generated.mess.duplicates);
    expect(s.sites.map((site: any) => site.siteId)).toEqual([`${prefix}sheffield`, `${prefix}west-midlands`]);
    expect(generated.randomised).toBeGreaterThan(100);
    expect(sent.stderr).toMatch(/send 100% [\d,]+\/[\d,]+ events/);

    const flow = await eventually(
      async () => {
        const byArm = await outcomesByArm();
        const randomised = (byArm.ips?.randomised ?? 0) + (byArm.usual_care?.randomised ?? 0);
        const referred = Object.values(byArm).reduce((n: number, f: any) => n + f.referred, 0);
        const withdrawn = Object.values(byArm).reduce((n: number, f: any) => n + f.withdrawn, 0);
        // late uploads (a withdrawal recorded weeks after it happened) may be projected after
        // every referral and randomisation already is, so wait for all three counts
        return randomised === generated.randomised &&
          referred === generated.referred &&
          withdrawn === generated.withdrawn
          ? byArm
          : undefined;
      },
      90_000,
      `flow.randomised = ${generated.randomised}, referred = ${generated.referred}, withdrawn = ${generated.withdrawn}`,
    );
    expect(flow.ips.randomisedIps).toBe(generated.randomisedIps);
    expect(flow.usual_care.randomisedUsualCare).toBe(generated.randomisedUsualCare);
    const withdrawn = flow.ips.withdrawn + flow.usual_care.withdrawn + (flow.null?.withdrawn ?? 0);
    expect(withdrawn).toBe(generated.withdrawn);
  }, 180_000);

  it('generate writes the same trial to a file; sending that file again changes nothing', async () => {
    const file = join(work, 'events.ndjson');
    const generated = await simulator([
      'generate',
      '--site-prefix',
      prefix,
      ...TRIAL,
      '--out',
      file,
      '--no-progress',
    ]);
    expect(generated.code).toBe(0);
    expect(generated.summary.generated).toEqual(sent.summary.generated);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(sent.summary.events);
    expect(lines.every((line) => JSON.parse(line).siteId.startsWith(prefix))).toBe(true);

    const resent = await simulator([
      'send',
      '--ingest-url',
      harness.url('ingest'),
      '--keys-file',
      keysFile,
      '--from-file',
      file,
      '--format',
      'ndjson',
      '--batch',
      '1000',
    ]);
    expect(resent.code).toBe(0);
    expect(resent.summary).toMatchObject({
      source: file,
      events: lines.length,
      accepted: 0,
      duplicates: lines.length,
      rejected: 0,
    });

    // the resent copies were all duplicates; once everything on the topic is projected, the
    // counts must still be those of the first send
    await projectedEverything(`${harness.tag}.ips.participant-events`, `${harness.tag}-projector`);
    const byArm = await outcomesByArm();
    expect(byArm.ips.randomised + byArm.usual_care.randomised).toBe(sent.summary.generated.randomised);
  }, 120_000);

  it('with --invalid-rate, the ingest rejects exactly the broken copies and the summary says why', async () => {
    const otherKeys = join(work, 'other-keys.json');
    const setup = await simulator([
      'setup',
      '--ingest-url',
      harness.url('ingest'),
      '--admin-key',
      adminKey,
      '--trial',
      `${trialId}-b`,
      '--site-prefix',
      `${prefix}b-`,
      '--out',
      otherKeys,
    ]);
    expect(setup.code).toBe(0);
    const run = await simulator([
      'send',
      '--ingest-url',
      harness.url('ingest'),
      '--keys-file',
      otherKeys,
      '--participants',
      '80',
      '--seed',
      '3',
      '--invalid-rate',
      '0.05',
      '--format',
      'ndjson',
      '--no-progress',
    ]);
    expect(run.code).toBe(0);
    expect(run.summary.generated.mess.invalid).toBeGreaterThan(0);
    expect(run.summary.rejected).toBe(run.summary.generated.mess.invalid);
    expect(run.summary.rejectedSamples.length).toBeGreaterThan(0);
    expect(run.summary.rejectedSamples.every((r: any) => r.status === 400 && r.errors.length > 0)).toBe(true);
  }, 120_000);

  it('fails clearly, with exit code 1 and the reason, when a site key is wrong', async () => {
    const run = await simulator([
      'send',
      '--ingest-url',
      harness.url('ingest'),
      '--keys',
      `${prefix}sheffield=ipsk_not-a-real-key`,
      '--participants',
      '5',
      '--no-progress',
    ]);
    expect(run.code).toBe(1);
    expect(run.summary.error).toMatch(/the ingest answered 401/);
    expect(run.stderr).toMatch(/send failed: site .*sheffield: the ingest answered 401/);
  }, 60_000);
});
