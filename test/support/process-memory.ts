import { readFileSync } from 'node:fs';

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * Samples a process's RSS every `everyMs` until stopped. The timer is unref'd: a test that
 * fails before it calls stop() (a rejected request, say) must not keep jest from exiting,
 * which is how the CI run of issue 10 hung after a failure.
 */
export function sampleRss(pid: number, everyMs = 200): { stop: () => number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    try {
      samples.push(rssMiB(pid));
    } catch {
      /* process gone */
    }
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}
