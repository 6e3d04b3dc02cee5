import { existsSync, readFileSync } from 'node:fs';
import { printJson, type CliIo } from '../cli/cli-io';
import { CliUsageError, requireOption, type OptionSpec, type ParsedOptions } from '../cli/cli-options';
import { SITE_OPTIONS, sitesFromOptions } from '../cli/simulation-options';
import { readKeysFile, writeKeysFile } from '@ips/simulation';
import { setUpTrial } from '@ips/simulation';

export const SETUP_OPTIONS: OptionSpec[] = [
  { name: 'ingest-url', kind: 'url', value: 'URL', help: 'the ingest API, e.g. http://127.0.0.1:3001' },
  {
    name: 'admin-key',
    kind: 'string',
    value: 'KEY',
    help: 'an admin key (or --admin-key-file, or the ADMIN_API_KEY environment variable)',
  },
  {
    name: 'admin-key-file',
    kind: 'string',
    value: 'FILE',
    help: 'a file holding the admin key, e.g. .run/admin-api-key',
  },
  { name: 'trial', kind: 'string', value: 'ID', pattern: /^[A-Za-z0-9_-]{1,64}$/, help: 'trial id' },
  {
    name: 'trial-name',
    kind: 'string',
    value: 'NAME',
    help: 'trial name',
    defaultText: '"Health-led employment trial (simulated)"',
  },
  {
    name: 'start-date',
    kind: 'date',
    value: 'YYYY-MM-DD',
    help: 'trial start date',
    defaultText: '2017-07-01',
  },
  ...SITE_OPTIONS,
  {
    name: 'out',
    kind: 'string',
    value: 'FILE',
    help: 'keys file to write (reused when the trial already exists)',
    defaultText: 'keys.json',
  },
  {
    name: 'timeout-ms',
    kind: 'int',
    value: 'MS',
    min: 100,
    max: 3_600_000,
    help: 'time allowed for one request',
    defaultText: '30000',
  },
];

/** `setup`: the trial and its sites through the admin API; the site keys to a file (mode 0600). */
export async function setupCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const ingestUrl = requireOption<string>(options, 'ingest-url', 'setup');
  const trialId = requireOption<string>(options, 'trial', 'setup');
  const out = (options.get('out') as string | undefined) ?? 'keys.json';
  const adminKey = adminKeyFrom(options, io);
  const existing = existsSync(out) ? readKeysFile(out) : null;
  const result = await setUpTrial(io.transport((options.get('timeout-ms') as number | undefined) ?? 30_000), {
    ingestUrl,
    adminKey,
    trialId,
    trialName: (options.get('trial-name') as string | undefined) ?? 'Health-led employment trial (simulated)',
    startDate: (options.get('start-date') as string | undefined) ?? '2017-07-01',
    sites: sitesFromOptions(options).map((s) => ({ siteId: s.siteId, name: s.name })),
    existing,
  });
  writeKeysFile(out, result.keys);
  printJson(io.stdout, {
    command: 'setup',
    trialId,
    trialCreated: result.trialCreated,
    sitesCreated: result.sitesCreated,
    sitesReused: result.sitesReused,
    out,
  });
  return 0;
}

function adminKeyFrom(options: ParsedOptions, io: CliIo): string {
  const inline = options.get('admin-key') as string | undefined;
  const file = options.get('admin-key-file') as string | undefined;
  if (inline !== undefined && file !== undefined)
    throw new CliUsageError('give either --admin-key or --admin-key-file, not both');
  if (file !== undefined) {
    if (!existsSync(file)) throw new CliUsageError(`--admin-key-file: ${file} does not exist`);
    const key = readFileSync(file, 'utf8').trim();
    if (key === '') throw new CliUsageError(`--admin-key-file: ${file} is empty`);
    return key;
  }
  const key = inline ?? io.env.ADMIN_API_KEY;
  if (key === undefined || key === '')
    throw new CliUsageError('setup needs --admin-key, --admin-key-file or ADMIN_API_KEY');
  return key;
}
