import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ProgressBar } from '@ips/platform';
import { TrialSimulation } from '@ips/simulation';
import { printJson, type CliIo } from '../cli/cli-io';
import { requireOption, type OptionSpec, type ParsedOptions } from '../cli/cli-options';
import {
  SITE_OPTIONS,
  TRIAL_SHAPE_OPTIONS,
  simulationOptionsFrom,
  sitesFromOptions,
} from '../cli/simulation-options';

export const GENERATE_OPTIONS: OptionSpec[] = [
  {
    name: 'out',
    kind: 'string',
    value: 'FILE',
    help: 'where to write the events, one envelope a line in upload order ("-" = stdout)',
  },
  ...SITE_OPTIONS,
  ...TRIAL_SHAPE_OPTIONS,
  { name: 'no-progress', kind: 'flag', help: 'no progress bar on stderr' },
];

const LINES_PER_WRITE = 2000;

/** `generate`: the simulated trial's events to an NDJSON file; a summary on stdout. */
export async function generateCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const out = requireOption<string>(options, 'out', 'generate');
  const simulation = new TrialSimulation(
    { ...simulationOptionsFrom(options), sites: sitesFromOptions(options) },
    io.now(),
  );
  const toStdout = out === '-';
  const progress = options.has('no-progress')
    ? null
    : new ProgressBar('generate', simulation.countUploads(), { unit: 'events', stream: io.stderr });
  const sink: NodeJS.WritableStream = toStdout ? io.stdout : createWriteStream(out, { encoding: 'utf8' });
  const started = Date.now();

  let lines: string[] = [];
  const flush = async () => {
    if (lines.length === 0) return;
    const chunk = `${lines.join('\n')}\n`;
    progress?.tick(lines.length);
    lines = [];
    if (!sink.write(chunk)) await once(sink, 'drain');
  };
  for (const upload of simulation.uploads()) {
    lines.push(JSON.stringify(upload.envelope));
    if (lines.length >= LINES_PER_WRITE) await flush();
  }
  await flush();
  progress?.finish();
  if (!toStdout) {
    sink.end();
    await once(sink, 'finish');
  }
  const seconds = (Date.now() - started) / 1000;
  const stats = simulation.stats;
  printJson(toStdout ? io.stderr : io.stdout, {
    command: 'generate',
    out,
    events: stats.events,
    seconds,
    eventsPerSecond: Math.round(stats.events / Math.max(seconds, 0.001)),
    config: { ...simulation.config, sites: undefined },
    generated: stats,
  });
  return 0;
}
