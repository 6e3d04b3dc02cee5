import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SITE_ID_PATTERN } from '@ips/contracts';

/** What `setup` writes and `send --keys-file` reads. The keys are secrets: the file is 0600. */
export interface KeysFile {
  trialId: string;
  sites: { siteId: string; name: string; apiKey: string }[];
}

export class KeysFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeysFileError';
  }
}

export function readKeysFile(path: string): KeysFile {
  if (!existsSync(path))
    throw new KeysFileError(`keys file ${path} does not exist (make one with: setup --out ${path})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new KeysFileError(`keys file ${path} is not JSON: ${(err as Error).message}`);
  }
  return checkKeysFile(parsed, path);
}

export function checkKeysFile(value: unknown, path: string): KeysFile {
  const file = value as Partial<KeysFile>;
  if (
    typeof file !== 'object' ||
    file === null ||
    typeof file.trialId !== 'string' ||
    !Array.isArray(file.sites)
  ) {
    throw new KeysFileError(
      `keys file ${path} must look like {"trialId": "...", "sites": [{"siteId", "name", "apiKey"}]}`,
    );
  }
  file.sites.forEach((site, i) => {
    if (
      typeof site?.siteId !== 'string' ||
      !SITE_ID_PATTERN.test(site.siteId) ||
      typeof site.apiKey !== 'string' ||
      site.apiKey === ''
    ) {
      throw new KeysFileError(`keys file ${path}: sites[${i}] needs a siteId and an apiKey`);
    }
  });
  return {
    trialId: file.trialId,
    sites: file.sites.map((s) => ({
      siteId: s.siteId,
      name: typeof s.name === 'string' ? s.name : s.siteId,
      apiKey: s.apiKey,
    })),
  };
}

export function writeKeysFile(path: string, keys: KeysFile): void {
  writeFileSync(path, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
}

/** `--keys sheffield=ipsk_…,west-midlands=ipsk_…` */
export function parseKeysOption(raw: string): KeysFile['sites'] {
  return raw.split(',').map((part) => {
    const eq = part.indexOf('=');
    const siteId = part.slice(0, eq).trim();
    const apiKey = part.slice(eq + 1).trim();
    if (eq <= 0 || apiKey === '' || !SITE_ID_PATTERN.test(siteId)) {
      throw new KeysFileError(
        `--keys must look like siteA=KEY,siteB=KEY (a part reads "${part.length > 12 ? `${part.slice(0, 12)}…` : part}")`,
      );
    }
    return { siteId, name: siteId, apiKey };
  });
}
