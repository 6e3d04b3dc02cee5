// Start-up configuration from the environment, validated before anything starts.
// A missing or bad setting stops the service with a message naming the setting.

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

type Env = Record<string, string | undefined>;

export interface SettingSpec<T> {
  name: string;
  describe: string;
  parse(raw: string): T;
  default?: T;
  /** when true and no default, the setting must be present */
  required?: boolean;
}

export function readSettings<S extends Record<string, SettingSpec<unknown>>>(
  specs: S,
  env: Env = process.env,
): { [K in keyof S]: S[K] extends SettingSpec<infer T> ? T : never } {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = env[spec.name];
    if (raw === undefined || raw === '') {
      if ('default' in spec) out[key] = spec.default;
      else if (spec.required) problems.push(`${spec.name} is required (${spec.describe})`);
      else out[key] = undefined;
      continue;
    }
    try {
      out[key] = spec.parse(raw);
    } catch (err) {
      problems.push(`${spec.name} ${(err as Error).message} (${spec.describe})`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return out as never;
}

export const setting = {
  string(
    name: string,
    describe: string,
    opts: { default?: string; required?: boolean; pattern?: RegExp } = {},
  ): SettingSpec<string> {
    return {
      name,
      describe,
      ...opts,
      parse(raw) {
        if (opts.pattern && !opts.pattern.test(raw)) throw new Error(`must match ${opts.pattern.source}`);
        return raw;
      },
    };
  },
  secret(
    name: string,
    describe: string,
    opts: { minLength: number; required?: boolean },
  ): SettingSpec<string> {
    return {
      name,
      describe,
      required: opts.required,
      parse(raw) {
        if (raw.length < opts.minLength) throw new Error(`must be at least ${opts.minLength} characters`);
        return raw;
      },
    };
  },
  int(
    name: string,
    describe: string,
    opts: { default?: number; min?: number; max?: number } = {},
  ): SettingSpec<number> {
    return {
      name,
      describe,
      ...('default' in opts ? { default: opts.default } : { required: true }),
      parse(raw) {
        if (!/^-?\d+$/.test(raw)) throw new Error(`must be an integer, got "${raw}"`);
        const value = Number(raw);
        if (opts.min !== undefined && value < opts.min)
          throw new Error(`must be ≥ ${opts.min}, got ${value}`);
        if (opts.max !== undefined && value > opts.max)
          throw new Error(`must be ≤ ${opts.max}, got ${value}`);
        return value;
      },
    };
  },
  port(name: string, describe: string, defaultPort: number): SettingSpec<number> {
    return setting.int(name, describe, { default: defaultPort, min: 0, max: 65535 });
  },
  postgresUrl(name: string, describe: string, defaultUrl: string): SettingSpec<string> {
    return {
      name,
      describe,
      default: defaultUrl,
      parse(raw) {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new Error('must be a URL like postgres://user@host:5432/database');
        }
        if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
          throw new Error('must use the postgres:// scheme');
        if (url.pathname.length < 2) throw new Error('must name a database');
        return raw;
      },
    };
  },
  brokers(name: string, describe: string, defaultBrokers: string): SettingSpec<string[]> {
    const parse = (raw: string) => {
      const list = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.length === 0 || list.some((b) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b))) {
        throw new Error('must be a comma-separated list of host:port');
      }
      return list;
    };
    return { name, describe, default: parse(defaultBrokers), parse };
  },
  enumOf<T extends string>(
    name: string,
    describe: string,
    values: readonly T[],
    defaultValue: T,
  ): SettingSpec<T> {
    return {
      name,
      describe,
      default: defaultValue,
      parse(raw) {
        if (!(values as readonly string[]).includes(raw))
          throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
        return raw as T;
      },
    };
  },
  bool(name: string, describe: string, defaultValue: boolean): SettingSpec<boolean> {
    return {
      name,
      describe,
      default: defaultValue,
      parse(raw) {
        if (raw === 'true' || raw === '1') return true;
        if (raw === 'false' || raw === '0') return false;
        throw new Error(`must be true or false, got "${raw}"`);
      },
    };
  },
};
