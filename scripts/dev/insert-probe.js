// Times the event-store insert statement alone, on the bench database.
const { Pool } = require('pg');
const crypto = require('crypto');
(async () => {
  const pool = new Pool({
    connectionString: 'postgres://postgres@127.0.0.1:5432/ips_outcomes_bench',
    options: '-c synchronous_commit=off',
  });
  for (const n of [2000, 10000])
    for (let r = 0; r < 3; r++) {
      const ev = Array.from({ length: n }, (_, i) => ({
        eventId: crypto.randomUUID(),
        type: 'job.started',
        schemaVersion: 1,
        siteId: 'probe',
        participantId: `P-${i % 3000}`,
        occurredOn: '2018-01-01',
        data: { jobId: 'j1', hoursPerWeek: 20, competitive: true },
        trialId: 'probe',
        recordedAt: new Date().toISOString(),
      }));
      const t0 = process.hrtime.bigint();
      const params = [
        ev.map((e) => e.eventId),
        ev.map((e) => e.trialId),
        ev.map((e) => e.siteId),
        ev.map((e) => e.participantId),
        ev.map((e) => e.type),
        ev.map((e) => e.occurredOn),
        ev.map((e) => e.recordedAt),
        ev.map((e) => JSON.stringify(e)),
        ev.map(() => 'probe-topic'),
        ev.map(() => 0),
        ev.map((_, i) => i),
      ];
      const client = await pool.connect();
      await client.query('BEGIN');
      const t1 = process.hrtime.bigint();
      await client.query(
        `INSERT INTO participant_events (event_id, trial_id, site_id, participant_id, type, occurred_on, recorded_at, event, source_topic, kafka_partition, kafka_offset)
       SELECT event_id, trial_id, site_id, participant_id, type, occurred_on, recorded_at, event, source_topic, kafka_partition, kafka_offset
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::timestamptz[], $8::json[], $9::text[], $10::int[], $11::bigint[])
              WITH ORDINALITY AS u(event_id, trial_id, site_id, participant_id, type, occurred_on, recorded_at, event, source_topic, kafka_partition, kafka_offset, ord)
        ORDER BY ord ON CONFLICT (event_id) DO NOTHING RETURNING event_id, seq`,
        params,
      );
      const t2 = process.hrtime.bigint();
      await client.query('ROLLBACK');
      client.release();
      console.log(
        n,
        'prepare',
        (Number(t1 - t0) / 1e6) | 0,
        'ms; insert',
        (Number(t2 - t1) / 1e6) | 0,
        'ms =',
        (Number(t2 - t1) / 1e3 / n).toFixed(1),
        'µs/event',
      );
    }
  await pool.end();
})();
