import { PassThrough } from 'node:stream';
import { CliUsageError, parseOptions, type OptionSpec } from './cli-options';
import type { CliIo } from './cli-io';
import { runCli } from './run-cli';
import {
  simulationOptionsFrom,
  sitesFromOptions,
  SITE_OPTIONS,
  TRIAL_SHAPE_OPTIONS,
} from './simulation-options';

const SPECS: OptionSpec[] = [
  ...TRIAL_SHAPE_OPTIONS,
  ...SITE_OPTIONS,
  { name: 'ingest-url', kind: 'url', help: '' },
  { name: 'format', kind: 'choice', values: ['json', 'ndjson'], help: '' },
];

const parse = (...args: string[]) => parseOptions(args, SPECS, 'send');
const usageError = (...args: string[]) => {
  try {
    parse(...args);
  } catch (err) {
    expect(err).toBeInstanceOf(CliUsageError);
    return (err as Error).message;
  }
  throw new Error('no usage error');
};

describe('parseOptions', () => {
  it('reads --name value, --name=value and flags', () => {
    const options = parse(
      '--participants',
      '300',
      '--seed=7',
      '--no-mess',
      '--ingest-url',
      'http://127.0.0.1:3001/',
      '--format',
      'ndjson',
    );
    expect(Object.fromEntries(options)).toEqual({
      participants: 300,
      seed: 7,
      'no-mess': true,
      'ingest-url': 'http://127.0.0.1:3001',
      format: 'ndjson',
    });
  });

  it.each([
    [['--participants', 'abc'], '--participants must be a whole number from 0 to 10000000 (got "abc")'],
    [['--participants', '-5'], '--participants must be a whole number from 0 to 10000000 (got "-5")'],
    [['--seed'], '--seed needs a value (S)'],
    [['--start-date', '2017-13-01'], '--start-date must be a real date YYYY-MM-DD (got "2017-13-01")'],
    [['--eligible-rate', '1.5'], '--eligible-rate must be a proportion from 0 to 1 (got "1.5")'],
    [['--ips-hr', '0'], '--ips-hr must be a number from 0.01 to 20 (got "0")'],
    [['--ingest-url', 'localhost:3001'], '--ingest-url must be an http or https URL (got "localhost:3001")'],
    [['--format', 'csv'], '--format must be one of json, ndjson (got "csv")'],
    [
      ['--conditions', 'mental_health=0.5,cancer=0.5'],
      '--conditions: "cancer" is not one of mental_health, musculoskeletal, learning_disability, multiple, other',
    ],
    [
      ['--conditions', 'mental_health'],
      '--conditions must look like mental_health=0.6,musculoskeletal=0.4 (got "mental_health")',
    ],
    [['--employment', 'unemployed=0'], '--employment needs at least one weight above 0'],
    [['--sites', 'sheffield,london'], '--sites: "london" is not one of sheffield, west-midlands'],
    [['--site-prefix', 'has space'], '--site-prefix must match ^[A-Za-z0-9_-]{0,40}$ (got "has space")'],
    [['--no-mess=yes'], '--no-mess takes no value'],
    [['--participants', '1', '--participants', '2'], '--participants is given twice'],
    [['--colour', 'red'], 'unknown option --colour for send (see: send --help)'],
    [['participants'], 'unexpected argument "participants" for send; options start with --'],
  ])('%j → %s', (args, message) => {
    expect(usageError(...args)).toBe(message);
  });

  it('normalises mixes and fills missing categories with 0', () => {
    const options = simulationOptionsFrom(parse('--conditions', 'mental_health=3,musculoskeletal=1'));
    expect(options.conditionMix).toEqual({
      mental_health: 0.75,
      musculoskeletal: 0.25,
      learning_disability: 0,
      multiple: 0,
      other: 0,
    });
  });

  it('maps trial options onto the generator, --no-mess first and explicit rates over it', () => {
    const options = simulationOptionsFrom(
      parse('--no-mess', '--late-rate', '0.2', '--ips-hr', '2.5', '--recruitment-months', '6'),
    );
    expect(options).toMatchObject({
      ipsHazardRatio: 2.5,
      recruitmentMonths: 6,
      mess: { duplicate: 0, late: 0.2, invalid: 0 },
    });
    expect(() =>
      simulationOptionsFrom(parse('--recruitment-months', '12', '--duration-months', '6')),
    ).toThrow('--duration-months (6) must be at least --recruitment-months (12)');
  });

  it('names sites from --sites and --site-prefix', () => {
    expect(
      sitesFromOptions(parse('--site-prefix', 't1-', '--sites', 'west-midlands')).map((s) => [
        s.siteId,
        s.profile,
      ]),
    ).toEqual([['t1-west-midlands', 'west-midlands']]);
  });
});

function io(): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  (stderr as unknown as PassThrough).on('data', (c) => (err += c));
  return {
    io: {
      stdout,
      stderr,
      env: {},
      now: () => new Date('2024-06-30T00:00:00Z'),
      transport: () => async () => {
        throw new Error('no network in unit tests');
      },
      sleep: async () => undefined,
    },
    out: () => out,
    err: () => err,
  };
}

describe('runCli', () => {
  it('prints help for the program and for each command', async () => {
    const h = io();
    expect(await runCli(['--help'], h.io)).toBe(0);
    expect(h.out()).toMatch(/commands:\n {2}setup .*\n {2}generate .*\n {2}send /);
    for (const command of ['setup', 'generate', 'send']) {
      const c = io();
      expect(await runCli([command, '--help'], c.io)).toBe(0);
      expect(c.out()).toContain(`simulator ${command} `);
      expect(c.out()).toContain('--help');
    }
  });

  it.each([
    [[], 2, ''],
    [['simulate'], 2, 'error: unknown command "simulate"'],
    [['generate'], 2, 'error: generate needs --out'],
    [
      ['generate', '--out', 'x.ndjson', '--start-date', '2030-01-01'],
      2,
      'error: --start-date: must not be after today (2024-06-30)',
    ],
    [
      ['send', '--ingest-url', 'http://127.0.0.1:1'],
      2,
      'error: send needs --keys SITE=KEY,… or --keys-file FILE',
    ],
    [
      ['send', '--ingest-url', 'http://127.0.0.1:1', '--keys', 'a=1', '--keys-file', 'k.json'],
      2,
      'error: give either --keys or --keys-file, not both',
    ],
    [
      ['send', '--ingest-url', 'http://127.0.0.1:1', '--keys', 'a=1', '--batch', '6000'],
      2,
      'error: --batch must be at most 5000 with --format json',
    ],
    [
      ['send', '--ingest-url', 'http://127.0.0.1:1', '--keys', 'a=1', '--from-file', 'x', '--seed', '3'],
      2,
      'error: --seed shapes a generated trial and cannot be used with --from-file',
    ],
    [
      ['send', '--ingest-url', 'http://127.0.0.1:1', '--keys-file', '/nonexistent/keys.json'],
      2,
      'error: keys file /nonexistent/keys.json does not exist',
    ],
    [
      ['send', '--ingest-url', 'http://127.0.0.1:1', '--keys', 'justakey'],
      2,
      'error: --keys must look like siteA=KEY,siteB=KEY',
    ],
    [
      ['setup', '--ingest-url', 'http://127.0.0.1:1', '--trial', 'demo', '--out', '/nonexistent/k.json'],
      2,
      'error: setup needs --admin-key, --admin-key-file or ADMIN_API_KEY',
    ],
  ])('%j exits %i: %s', async (argv, code, message) => {
    const h = io();
    expect(await runCli(argv, h.io)).toBe(code);
    expect(h.err()).toContain(message);
  });
});
