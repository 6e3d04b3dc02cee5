import { SimulationConfigError } from '@ips/simulation';
import { GENERATE_OPTIONS, generateCommand } from '../commands/generate-command';
import { SEND_OPTIONS, sendCommand } from '../commands/send-command';
import { SETUP_OPTIONS, setupCommand } from '../commands/setup-command';
import { KeysFileError } from '@ips/simulation';
import { TrialSetupError } from '@ips/simulation';
import type { CliIo } from './cli-io';
import { CliUsageError, optionHelp, parseOptions, type OptionSpec, type ParsedOptions } from './cli-options';

interface Command {
  summary: string;
  usage: string;
  options: OptionSpec[];
  run: (options: ParsedOptions, io: CliIo) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  setup: {
    summary: 'create the trial and its sites through the admin API; write the site keys to a file',
    usage: 'setup --ingest-url URL --admin-key KEY --trial ID [--start-date D] [--out keys.json]',
    options: SETUP_OPTIONS,
    run: setupCommand,
  },
  generate: {
    summary: 'write a simulated trial as NDJSON, one envelope a line, in upload order',
    usage: 'generate --out events.ndjson [--participants N] [--seed S] [trial options]',
    options: GENERATE_OPTIONS,
    run: generateCommand,
  },
  send: {
    summary: 'stream a simulated trial (or a generated file) through the ingest API with the site keys',
    usage:
      'send --ingest-url URL (--keys SITE=KEY,… | --keys-file FILE) [--format json|ndjson] [--batch N] [--concurrency N] [--from-file FILE | trial options]',
    options: SEND_OPTIONS,
    run: sendCommand,
  },
};

const PROGRAM = 'simulator';

// CLI option names for the generator's config fields, so a config error names the option
const OPTION_OF_FIELD: Record<string, string> = {
  seed: '--seed',
  participants: '--participants',
  startDate: '--start-date',
  recruitmentMonths: '--recruitment-months',
  followUpMonths: '--follow-up-months',
  durationMonths: '--duration-months',
  conditionMix: '--conditions',
  employmentMix: '--employment',
  usualCareJobRate: '--usual-care-job-rate',
  ipsHazardRatio: '--ips-hr',
  medianJobDays: '--median-job-days',
  sites: '--sites / --keys',
};

export function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    'IPS trial simulator: plays trial sites (Sheffield City Region, West Midlands) as a real client would.',
    '',
    `usage: ${PROGRAM} <command> [options]       ${PROGRAM} <command> --help`,
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Summaries are JSON on stdout; progress goes to stderr. Exit codes: 0 done, 1 failed, 2 bad usage.',
    '',
    'example:',
    `  ${PROGRAM} setup --ingest-url http://127.0.0.1:3001 --admin-key-file .run/admin-api-key --trial demo --out keys.json`,
    `  ${PROGRAM} send --ingest-url http://127.0.0.1:3001 --keys-file keys.json --participants 5000 --seed 7`,
  ].join('\n');
}

export function commandHelp(name: string): string {
  const command = COMMANDS[name];
  return [
    `${PROGRAM} ${command.usage}`,
    '',
    command.summary,
    '',
    'options:',
    optionHelp([...command.options, { name: 'help', kind: 'flag', help: 'this text' }]),
  ].join('\n');
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${generalHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(
      `error: unknown command "${name}" (one of ${Object.keys(COMMANDS).join(', ')})\n\n${generalHelp()}\n`,
    );
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${commandHelp(name)}\n`);
    return 0;
  }
  try {
    return await command.run(parseOptions(args, command.options, name), io);
  } catch (err) {
    if (err instanceof CliUsageError || err instanceof KeysFileError) {
      io.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof SimulationConfigError) {
      io.stderr.write(
        `error: ${OPTION_OF_FIELD[err.field] ?? err.field}: ${err.message.slice(err.field.length + 2)}\n`,
      );
      return 2;
    }
    if (err instanceof TrialSetupError) {
      io.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
