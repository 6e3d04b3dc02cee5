import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// R as the live reference (issue 11/12/13): a test writes its datasets as JSON, an R script
// under test/r/ reads them with jsonlite, computes with survival / metafor / rpact / lm,
// and writes its answers as JSON. Numbers must cross with 17 significant digits
// (sprintf("%.17g")): jsonlite's write_json/toJSON stop at 15 even with digits = NA or
// I(17), which loses up to 1e-15 relative; test/r/comparisons.R has a small writer.

export const R_SCRIPTS = join(__dirname, '..', 'r');

export interface RscriptOptions {
  /** bounds a hung R process; the answer itself is awaited, never timed */
  timeoutMs?: number;
}

/**
 * Runs `Rscript <script> <in.json> <out.json>` and returns the parsed answer. The script
 * gets the input file's path as its first argument and writes the output file named by
 * the second. Fails with R's own stderr when R fails.
 */
export async function runRscript<T = unknown>(
  script: string,
  input: unknown,
  { timeoutMs = 600_000 }: RscriptOptions = {},
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ips-r-'));
  const inFile = join(dir, 'in.json');
  const outFile = join(dir, 'out.json');
  try {
    writeFileSync(inFile, JSON.stringify(input));
    await new Promise<void>((resolve, reject) => {
      execFile(
        'Rscript',
        ['--vanilla', join(R_SCRIPTS, script), inFile, outFile],
        { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`Rscript ${script} failed: ${error.message}\n${stderr}`)) : resolve(),
      );
    });
    return JSON.parse(readFileSync(outFile, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
