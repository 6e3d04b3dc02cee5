import { runCli } from './cli/run-cli';
import { fetchTransport } from '@ips/simulation';
import { realSleep } from '@ips/simulation';

// node -r ./scripts/register-aliases.js dist/apps/simulator/src/main.js <command> [options]
runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
  transport: fetchTransport,
  sleep: realSleep,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
