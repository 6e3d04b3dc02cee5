export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inParallel<T>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  });
  await Promise.all(workers);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sums of a Prometheus histogram's per-label `_sum` series, e.g. time per phase. */
export async function histogramSums(
  metricsUrl: string,
  name: string,
  label: string,
): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const out: Record<string, number> = {};
  const re = new RegExp(`^${name}_sum\\{${label}="([^"]+)"\\} ([0-9.e+-]+)$`, 'gm');
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1]] = Number(m[2]);
  return out;
}
