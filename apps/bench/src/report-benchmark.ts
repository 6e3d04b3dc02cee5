/** Bench 7: a first-year report (all formats) for a large trial, from request to the last format fetched. */
export async function firstYearReport(
  reportingUrl: string,
  trialId: string,
  programmeLeadKey: string,
  asOf: string,
): Promise<{ totalMs: number; generateMs: number; formatsMs: Record<string, number> }> {
  const headers = { authorization: `Bearer ${programmeLeadKey}`, 'content-type': 'application/json' };
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${reportingUrl}/v1/trials/${trialId}/reports`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ type: 'first_year', asOf }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`report → ${res.status}: ${text.slice(0, 300)}`);
  const { id } = JSON.parse(text);
  const generateMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const formatsMs: Record<string, number> = {};
  for (const format of ['json', 'csv', 'html']) {
    const t = process.hrtime.bigint();
    const r = await fetch(`${reportingUrl}/v1/reports/${id}.${format}`, { headers });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`report .${format} → ${r.status}`);
    formatsMs[format] = Number(process.hrtime.bigint() - t) / 1e6;
  }
  return { totalMs: Number(process.hrtime.bigint() - t0) / 1e6, generateMs, formatsMs };
}
