import { parseArgs } from 'node:util';
import { isCalendarDate } from '@ips/contracts';

/** A mistake in how the command was called; the message names the option. Exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export type OptionKind =
  'int' | 'number' | 'rate' | 'date' | 'string' | 'url' | 'flag' | 'mix' | 'list' | 'choice';

export interface OptionSpec {
  name: string;
  kind: OptionKind;
  help: string;
  /** the value's placeholder in help text */
  value?: string;
  min?: number;
  max?: number;
  /** choice: the allowed values; mix and list: the allowed keys */
  values?: readonly string[];
  pattern?: RegExp;
  defaultText?: string;
}

export type OptionValue = number | string | boolean | string[] | Record<string, number>;
export type ParsedOptions = Map<string, OptionValue>;

/**
 * Reads `--name value`, `--name=value` and bare `--flag` arguments against the command's
 * option list. Node's `util.parseArgs` splits the command line into tokens; this judges
 * them, so every error names the option and says what was expected.
 */
export function parseOptions(
  args: readonly string[],
  specs: readonly OptionSpec[],
  command: string,
): ParsedOptions {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const { tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(
      specs.map((s) => [s.name, { type: s.kind === 'flag' ? ('boolean' as const) : ('string' as const) }]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const parsed: ParsedOptions = new Map();
  for (const token of tokens) {
    if (token.kind === 'option-terminator')
      throw new CliUsageError(`unexpected argument "--" for ${command}; options start with --`);
    if (token.kind === 'positional' || !token.rawName.startsWith('--'))
      throw new CliUsageError(
        `unexpected argument "${token.kind === 'positional' ? token.value : token.rawName}" for ${command}; options start with --`,
      );
    const { name } = token;
    const spec = byName.get(name);
    if (!spec) throw new CliUsageError(`unknown option --${name} for ${command} (see: ${command} --help)`);
    if (parsed.has(name)) throw new CliUsageError(`--${name} is given twice`);
    if (spec.kind === 'flag') {
      if (token.inlineValue) throw new CliUsageError(`--${name} takes no value`);
      parsed.set(name, true);
      continue;
    }
    const raw = token.value;
    // `--trial --seed 3`: the next option is not this one's value
    if (raw === undefined || (!token.inlineValue && raw.startsWith('--') && raw.length > 2))
      throw new CliUsageError(`--${name} needs a value (${spec.value ?? spec.kind})`);
    parsed.set(name, readValue(spec, raw));
  }
  return parsed;
}

export function readValue(spec: OptionSpec, raw: string): OptionValue {
  const opt = `--${spec.name}`;
  const got = `(got "${raw}")`;
  switch (spec.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim()))
        throw new CliUsageError(`${opt} must be a whole number ${range(spec)} ${got}`);
      const n = Number(raw);
      if (
        (spec.min !== undefined && n < spec.min) ||
        (spec.max !== undefined && n > spec.max) ||
        !Number.isSafeInteger(n)
      ) {
        throw new CliUsageError(`${opt} must be a whole number ${range(spec)} ${got}`);
      }
      return n;
    }
    case 'number': {
      const n = Number(raw);
      if (
        raw.trim() === '' ||
        !Number.isFinite(n) ||
        (spec.min !== undefined && n < spec.min) ||
        (spec.max !== undefined && n > spec.max)
      ) {
        throw new CliUsageError(`${opt} must be a number ${range(spec)} ${got}`);
      }
      return n;
    }
    case 'rate': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
        throw new CliUsageError(`${opt} must be a proportion from 0 to 1 ${got}`);
      return n;
    }
    case 'date':
      if (!isCalendarDate(raw)) throw new CliUsageError(`${opt} must be a real date YYYY-MM-DD ${got}`);
      return raw;
    case 'url': {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new CliUsageError(`${opt} must be a URL such as http://127.0.0.1:3001 ${got}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new CliUsageError(`${opt} must be an http or https URL ${got}`);
      return raw.replace(/\/+$/, '');
    }
    case 'string':
      if (raw === '') throw new CliUsageError(`${opt} must not be empty`);
      if (spec.pattern && !spec.pattern.test(raw))
        throw new CliUsageError(`${opt} must match ${spec.pattern.source} ${got}`);
      return raw;
    case 'choice':
      if (!spec.values?.includes(raw))
        throw new CliUsageError(`${opt} must be one of ${spec.values?.join(', ')} ${got}`);
      return raw;
    case 'list': {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (items.length === 0) throw new CliUsageError(`${opt} needs at least one value ${got}`);
      for (const item of items) {
        if (spec.values && !spec.values.includes(item))
          throw new CliUsageError(`${opt}: "${item}" is not one of ${spec.values.join(', ')}`);
      }
      if (new Set(items).size !== items.length) throw new CliUsageError(`${opt} names a value twice ${got}`);
      return items;
    }
    case 'mix':
      return readMix(opt, raw, spec.values ?? []);
    case 'flag':
      return true;
  }
}

/** `mental_health=0.6,musculoskeletal=0.25`: weights ≥ 0 by category, normalised to sum 1. */
function readMix(opt: string, raw: string, keys: readonly string[]): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const m = /^\s*([a-z_]+)\s*=\s*([0-9.eE+-]+)\s*$/.exec(part);
    if (!m)
      throw new CliUsageError(
        `${opt} must look like ${keys[0] ?? 'name'}=0.6,${keys[1] ?? 'other'}=0.4 (got "${part.trim()}")`,
      );
    const [, key, value] = m;
    if (!keys.includes(key)) throw new CliUsageError(`${opt}: "${key}" is not one of ${keys.join(', ')}`);
    const weight = Number(value);
    if (!Number.isFinite(weight) || weight < 0)
      throw new CliUsageError(`${opt}: the weight of ${key} must be a number ≥ 0 (got "${value}")`);
    if (key in weights) throw new CliUsageError(`${opt} names ${key} twice`);
    weights[key] = weight;
  }
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new CliUsageError(`${opt} needs at least one weight above 0`);
  return Object.fromEntries(keys.map((k) => [k, (weights[k] ?? 0) / total]));
}

function range(spec: OptionSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `≥ ${spec.min}`;
  if (spec.max !== undefined) return `≤ ${spec.max}`;
  return '';
}

export function requireOption<T extends OptionValue>(
  options: ParsedOptions,
  name: string,
  command: string,
): T {
  const value = options.get(name);
  if (value === undefined) throw new CliUsageError(`${command} needs --${name}`);
  return value as T;
}

/** Help lines for a list of options, aligned. */
export function optionHelp(specs: readonly OptionSpec[]): string {
  const heads = specs.map(
    (s) => `  --${s.name}${s.kind === 'flag' ? '' : ` ${s.value ?? s.kind.toUpperCase()}`}`,
  );
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return specs
    .map(
      (s, i) =>
        `${heads[i].padEnd(width)}${s.help}${s.defaultText !== undefined ? ` (default ${s.defaultText})` : ''}`,
    )
    .join('\n');
}
