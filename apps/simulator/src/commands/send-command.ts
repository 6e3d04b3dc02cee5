import { existsSync } from 'node:fs';
import { ProgressBar } from '@ips/platform';
import { TrialSimulation, profileForSiteId, type SimulatedSite, SITE_PROFILES } from '@ips/simulation';
import { printJson, type CliIo } from '../cli/cli-io';
import { CliUsageError, requireOption, type OptionSpec, type ParsedOptions } from '../cli/cli-options';
import { TRIAL_SHAPE_OPTIONS, givenTrialShapeOption, simulationOptionsFrom } from '../cli/simulation-options';
import { EventSender, type UploadFormat } from '@ips/simulation';
import { countNonEmptyLines, fileLines } from '@ips/simulation';
import { parseKeysOption, readKeysFile, type KeysFile } from '@ips/simulation';

export const SEND_OPTIONS: OptionSpec[] = [
  { name: 'ingest-url', kind: 'url', value: 'URL', help: 'the ingest API, e.g. http://127.0.0.1:3001' },
  { name: 'keys', kind: 'string', value: 'SITE=KEY,…', help: 'site API keys (or --keys-file)' },
  { name: 'keys-file', kind: 'string', value: 'FILE', help: 'the keys file written by setup' },
  {
    name: 'format',
    kind: 'choice',
    value: 'json|ndjson',
    values: ['json', 'ndjson'],
    help: 'JSON array batches or NDJSON bodies',
    defaultText: 'json',
  },
  {
    name: 'batch',
    kind: 'int',
    value: 'N',
    min: 1,
    max: 1_000_000,
    help: 'events per request (JSON: at most 5000)',
    defaultText: '500',
  },
  {
    name: 'concurrency',
    kind: 'int',
    value: 'N',
    min: 1,
    max: 64,
    help: 'requests in flight at once',
    defaultText: '2',
  },
  {
    name: 'max-retries',
    kind: 'int',
    value: 'N',
    min: 0,
    max: 1000,
    help: 'retries of a busy (429/503) or unreachable ingest before giving up',
    defaultText: '8',
  },
  {
    name: 'timeout-ms',
    kind: 'int',
    value: 'MS',
    min: 100,
    max: 3_600_000,
    help: 'time allowed for one request',
    defaultText: '120000',
  },
  {
    name: 'from-file',
    kind: 'string',
    value: 'FILE',
    help: 'send the events of a generate --out file instead of generating',
  },
  ...TRIAL_SHAPE_OPTIONS,
  { name: 'no-progress', kind: 'flag', help: 'no progress bar on stderr' },
];

const JSON_BATCH_LIMIT = 5000;
const MAX_WAIT_SECONDS = 60;

/**
 * `send`: streams the events through the ingest API with each site's key, as the sites
 * would; progress on stderr, a summary on stdout. Exit 1 when the send could not finish.
 */
export async function sendCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const ingestUrl = requireOption<string>(options, 'ingest-url', 'send');
  const keys = siteKeys(options);
  const format = (options.get('format') as UploadFormat | undefined) ?? 'json';
  const batchSize = (options.get('batch') as number | undefined) ?? 500;
  if (format === 'json' && batchSize > JSON_BATCH_LIMIT)
    throw new CliUsageError(
      `--batch must be at most ${JSON_BATCH_LIMIT} with --format json (the ingest's JSON batch limit); use --format ndjson for more`,
    );
  const fromFile = options.get('from-file') as string | undefined;
  if (fromFile !== undefined) {
    const shape = givenTrialShapeOption(options);
    if (shape)
      throw new CliUsageError(`--${shape} shapes a generated trial and cannot be used with --from-file`);
    if (!existsSync(fromFile)) throw new CliUsageError(`--from-file: ${fromFile} does not exist`);
  }

  const simulation =
    fromFile === undefined
      ? new TrialSimulation({ ...simulationOptionsFrom(options), sites: simulatedSites(keys) }, io.now())
      : null;
  const noProgress = options.has('no-progress');
  const total = noProgress
    ? 0
    : simulation
      ? simulation.countUploads()
      : await countNonEmptyLines(fromFile as string);
  const progress = noProgress ? null : new ProgressBar('send', total, { unit: 'events', stream: io.stderr });
  const timeoutMs = (options.get('timeout-ms') as number | undefined) ?? 120_000;
  const sender = new EventSender({
    ingestUrl,
    siteKeys: new Map(keys.sites.map((s) => [s.siteId, s.apiKey])),
    format,
    batchSize,
    concurrency: (options.get('concurrency') as number | undefined) ?? 2,
    retry: {
      maxRetries: (options.get('max-retries') as number | undefined) ?? 8,
      maxWaitSeconds: MAX_WAIT_SECONDS,
      sleep: io.sleep,
    },
    transport: io.transport(timeoutMs),
    onSent: (n) => progress?.tick(n),
  });

  const started = Date.now();
  let error: string | null = null;
  try {
    if (simulation) {
      for (const upload of simulation.uploads()) {
        const wait = sender.add(upload.siteId, upload.envelope);
        if (wait) await wait;
      }
    } else {
      let lineNo = 0;
      for await (const line of fileLines(fromFile as string)) {
        lineNo++;
        if (line.trim() === '') continue;
        const { siteId, envelope } = readLine(line, lineNo, fromFile as string);
        const wait = sender.add(siteId, envelope);
        if (wait) await wait;
      }
    }
    await sender.finish();
  } catch (err) {
    if (err instanceof CliUsageError) throw err;
    error = (err as Error).message;
    await sender.settle();
  }
  progress?.finish();

  const seconds = (Date.now() - started) / 1000;
  const sites = sender.sites;
  const sum = (key: 'events' | 'accepted' | 'duplicates' | 'rejected' | 'requests' | 'retries') =>
    sites.reduce((n, s) => n + s[key], 0);
  printJson(io.stdout, {
    command: 'send',
    ingestUrl,
    format,
    batch: batchSize,
    source: simulation ? 'generated' : fromFile,
    events: sum('events'),
    accepted: sum('accepted'),
    duplicates: sum('duplicates'),
    rejected: sum('rejected'),
    requests: sum('requests'),
    retries: sum('retries'),
    seconds,
    eventsPerSecond: Math.round(sum('events') / Math.max(seconds, 0.001)),
    sites,
    rejectedSamples: sender.rejectedSamples,
    ...(simulation
      ? { config: { ...simulation.config, sites: undefined }, generated: simulation.stats }
      : {}),
    ...(error ? { error } : {}),
  });
  if (error) io.stderr.write(`send failed: ${error}\n`);
  return error ? 1 : 0;
}

function siteKeys(options: ParsedOptions): KeysFile {
  const inline = options.get('keys') as string | undefined;
  const file = options.get('keys-file') as string | undefined;
  if (inline !== undefined && file !== undefined)
    throw new CliUsageError('give either --keys or --keys-file, not both');
  if (inline === undefined && file === undefined)
    throw new CliUsageError('send needs --keys SITE=KEY,… or --keys-file FILE');
  const keys =
    file !== undefined ? readKeysFile(file) : { trialId: '', sites: parseKeysOption(inline as string) };
  if (keys.sites.length === 0)
    throw new CliUsageError(`${file !== undefined ? '--keys-file' : '--keys'} names no sites`);
  return keys;
}

/** The keys' sites, each playing the profile its id ends with (or the profiles in turn). */
function simulatedSites(keys: KeysFile): SimulatedSite[] {
  return keys.sites.map((s, i) => {
    const profile = profileForSiteId(s.siteId, i);
    return { siteId: s.siteId, name: s.name, profile, share: SITE_PROFILES[profile].share };
  });
}

function readLine(line: string, lineNo: number, file: string): { siteId: string; envelope: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new CliUsageError(`--from-file: line ${lineNo} of ${file} is not JSON`);
  }
  const siteId = (parsed as { siteId?: unknown })?.siteId;
  if (typeof siteId !== 'string')
    throw new CliUsageError(
      `--from-file: line ${lineNo} of ${file} has no siteId, so it cannot be sent with a site key`,
    );
  return { siteId, envelope: parsed };
}
