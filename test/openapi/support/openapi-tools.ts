import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

// The tools a user of the published specs would run: redocly's linter, openapi-typescript's
// generator, and the TypeScript compiler on a small client written against what it generated.

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const bin = (name: string) => join(repo, 'node_modules', '.bin', name);

/** `redocly lint` (recommended rules) on a saved spec: its exit code and what it printed. */
export async function redoclyLint(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(bin('redocly'), ['lint', file, '--format=stylish'], {
      cwd: dirname(file),
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/**
 * Generates types from the spec (`<name>.d.ts` beside it), writes `client` as `<name>-client.ts`
 * importing them as `./<name>`, and type-checks it strictly: the compiler's messages, none when
 * the client reads the answer as the spec describes it.
 */
export async function typeCheckClient(spec: string, name: string, client: string): Promise<string[]> {
  const dir = dirname(spec);
  await run(bin('openapi-typescript'), [spec, '-o', join(dir, `${name}.d.ts`)]);
  const file = join(dir, `${name}-client.ts`);
  writeFileSync(file, client);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    skipLibCheck: false,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
