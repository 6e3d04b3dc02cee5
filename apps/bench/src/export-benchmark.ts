import { readFileSync } from 'node:fs';

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

export interface ExportBenchmark {
  createMs: number;
  downloadMs: number;
  archiveBytes: number;
  participants: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

/**
 * Bench 8: an analysis export (DESIGN §6d) of a large trial, from the request to the last
 * byte of the archive, with the query process's resident memory sampled every 50 ms.
 */
export async function analysisExport(
  queryUrl: string,
  queryPid: number,
  trialId: string,
  evaluatorKey: string,
  asOf: string,
): Promise<ExportBenchmark> {
  const headers = { authorization: `Bearer ${evaluatorKey}`, 'content-type': 'application/json' };
  const rssBeforeMiB = rssMiB(queryPid);
  let rssPeakMiB = rssBeforeMiB;
  const sampler = setInterval(() => {
    rssPeakMiB = Math.max(rssPeakMiB, rssMiB(queryPid));
  }, 50);
  try {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${queryUrl}/v1/trials/${trialId}/exports`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ asOf, shiftDates: true }),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`export → ${res.status}: ${text.slice(0, 300)}`);
    const metadata = JSON.parse(text) as { links: { zip: string }; participants: number };
    const createMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const t1 = process.hrtime.bigint();
    const zip = await fetch(`${queryUrl}${metadata.links.zip}`, { headers });
    let archiveBytes = 0;
    for await (const chunk of zip.body as unknown as AsyncIterable<Uint8Array>) archiveBytes += chunk.length;
    if (zip.status !== 200) throw new Error(`export zip → ${zip.status}`);
    const downloadMs = Number(process.hrtime.bigint() - t1) / 1e6;
    return {
      createMs,
      downloadMs,
      archiveBytes,
      participants: metadata.participants,
      rssBeforeMiB,
      rssPeakMiB,
    };
  } finally {
    clearInterval(sampler);
  }
}
