import { isDeepStrictEqual } from 'node:util';
import { DLQ_HEADER_ID, deadLetterId, type GroupDimension } from '@ips/contracts';
import { computeOutcomesV2, type Journey } from '@ips/domain';
import { outcomeDifferences } from '../../support/compare-outcomes';
import { eventually, http } from '../../support/http';
import { expectedJourneys } from '../../support/journeys';
import { KafkaInspector } from '../../support/kafka-inspect';
import type { FaultSystem } from './fault-system';
import type { LoadGenerator } from './load-generator';

export interface PromiseReport {
  /** every acknowledged eventId is in the event store exactly once */
  storedOnce: {
    acknowledged: number;
    stored: number;
    duplicated: number;
    missing: string[];
    unacknowledged: string[];
  };
  /** stored journeys equal a pure fold of the acknowledged events */
  journeys: { expected: number; stored: number; differing: string[] };
  /** the query API's outcomes equal computeOutcomesV2 over those journeys */
  outcomes: { checked: number; differing: string[] };
  /**
   * the DLQ holds exactly the poison put on the topic once deduplicated by its `deadLetterId`
   * header (the contract a DLQ consumer relies on); so does dead_letters
   */
  deadLetters: {
    poisonOnTopic: number;
    dlqMessages: number;
    dlqDistinct: number;
    /** repeats of one deadLetterId: allowed (the DLQ topic is at least once), counted */
    dlqRepeats: number;
    /** DLQ messages whose deadLetterId is missing or is not the id of their origin */
    dlqWithoutStableId: string[];
    dlqMissing: string[];
    dlqUnexpected: string[];
    tableRows: number;
    tableMismatch: string[];
  };
  /** seconds from the end of the load until the projector had consumed everything */
  quiescenceSeconds: number;
}

const AS_OF = ['2018-03-31', '2019-06-30', '2020-12-31'];
const CUTS: [string, GroupDimension[]][] = [
  ['', []],
  ['arm', ['arm']],
  ['site,arm', ['site', 'arm']],
  ['arm,condition', ['arm', 'condition']],
];

/** Waits until the projectors have consumed every message on the topic (Postgres offsets = log end). */
export async function waitForQuiescence(system: FaultSystem, timeoutMs = 240_000): Promise<number> {
  const started = Date.now();
  const inspector = new KafkaInspector(system.bootstrap);
  try {
    await eventually(
      async () => {
        const onTopic = await inspector.messageCount(system.topic);
        const [row] = await system.sql<{ n: string }>(
          `SELECT coalesce(sum(next_offset), 0) AS n FROM projector_offsets WHERE consumer_group = $1 AND topic = $2`,
          [system.groupId, system.topic],
        );
        return Number(row.n) === onTopic ? true : undefined;
      },
      timeoutMs,
      'the projectors to consume the whole topic',
    );
  } finally {
    await inspector.close();
  }
  return (Date.now() - started) / 1000;
}

/**
 * Checks the issue's four promises exactly, once the system is quiet: every acknowledged
 * eventId stored exactly once and nothing else stored; journeys equal to a pure fold of the
 * acknowledged events (per participant in send order); the query API's outcomes equal to
 * computeOutcomesV2 over those journeys at several as-of dates and cuts; the DLQ holding
 * exactly the poison messages that were put on the topic.
 */
export async function checkPromises(system: FaultSystem, load: LoadGenerator): Promise<PromiseReport> {
  const quiescenceSeconds = await waitForQuiescence(system);
  const trialId = system.trialId;

  // 1, 2: stored exactly once; nothing acknowledged missing; nothing unacknowledged stored
  const rows = await system.sql<{ event_id: string; n: string }>(
    `SELECT event_id::text AS event_id, count(*) AS n FROM participant_events WHERE trial_id = $1 GROUP BY event_id`,
    [trialId],
  );
  const stored = new Set(rows.map((r) => r.event_id));
  const storedOnce = {
    acknowledged: load.acknowledgedIds.size,
    stored: stored.size,
    duplicated: rows.filter((r) => Number(r.n) !== 1).length,
    missing: [...load.acknowledgedIds].filter((id) => !stored.has(id)).slice(0, 10),
    unacknowledged: [...stored].filter((id) => !load.acknowledgedIds.has(id)).slice(0, 10),
  };

  // 3: journeys = a pure fold of what was acknowledged
  const expected = expectedJourneys(load.acknowledged as unknown as Record<string, any>[], trialId);
  const storedJourneys = new Map(
    (
      await system.sql<{ site_id: string; participant_id: string; journey: Journey }>(
        `SELECT site_id, participant_id, journey FROM journeys WHERE trial_id = $1`,
        [trialId],
      )
    ).map((r) => [`${r.site_id}:${r.participant_id}`, r.journey]),
  );
  const differing: string[] = [];
  for (const key of new Set([...expected.keys(), ...storedJourneys.keys()])) {
    const want = expected.get(key);
    const got = storedJourneys.get(key);
    if (!want || !got) differing.push(`${key}: ${want ? 'not stored' : 'not expected'}`);
    else if (!isDeepStrictEqual(normalise(got), normalise(want)))
      differing.push(
        `${key}: stored ${JSON.stringify(got).slice(0, 300)} expected ${JSON.stringify(normalise(want)).slice(0, 300)}`,
      );
  }
  const journeys = { expected: expected.size, stored: storedJourneys.size, differing: differing.slice(0, 5) };

  // 4: outcomes from the query API = computeOutcomesV2 over the expected journeys
  const compareOutcomes = async (queryUrl: string) => {
    const outcomeDiffs: string[] = [];
    let checked = 0;
    for (const asOf of AS_OF) {
      for (const [param, groupBy] of CUTS) {
        const res = await eventually(
          async () => {
            const r = await http(
              'GET',
              `${queryUrl}/v1/trials/${trialId}/outcomes?asOf=${asOf}${param ? `&groupBy=${param}` : ''}`,
              { key: system.evaluatorKey },
            );
            return r.status === 200 ? r : undefined;
          },
          60_000,
          'the query API to answer',
        );
        const want = computeOutcomesV2({ trialId, asOf, groupBy, journeys: expected.values() });
        const diffs = outcomeDifferences(res.body, JSON.parse(JSON.stringify(want)));
        checked++;
        if (diffs.length > 0)
          outcomeDiffs.push(`asOf ${asOf} groupBy ${param || '-'}: ${diffs.slice(0, 3).join('; ')}`);
      }
    }
    return { checked, outcomeDiffs };
  };
  const { checked, outcomeDiffs } = await compareOutcomes(system.queryUrl);
  if (outcomeDiffs.length > 0) {
    // Tell a stale query cache from a wrong read model: does a freshly started query agree?
    const fresh = await system.startService('query', { QUERY_PORT: '0' });
    try {
      const again = await compareOutcomes(fresh.url);
      outcomeDiffs.push(
        again.outcomeDiffs.length === 0
          ? 'a freshly started query service answers correctly: the running one kept a stale copy'
          : 'a freshly started query service is wrong too',
      );
    } finally {
      await fresh.stop();
    }
  }

  // 5: the DLQ topic and dead_letters hold exactly the poison on the topic
  const inspector = new KafkaInspector(system.bootstrap);
  let deadLetters: PromiseReport['deadLetters'];
  try {
    const poisonKeys = new Set(load.poison.map((p) => p.key));
    const onTopic = (await inspector.readAll(system.topic)).filter(
      (m) => m.key !== null && poisonKeys.has(m.key),
    );
    const origin = (partition: number | string, offset: string) => `${partition}/${offset}`;
    const poisonAt = new Map(onTopic.map((m) => [origin(m.partition, m.offset), m]));
    const dlq = await inspector.readAll(system.dlqTopic);
    // grouped by the deadLetterId header alone, as a DLQ consumer dedupes; the id must be
    // the one of the message's origin, so that copies of one poison message share it
    const byOrigin = new Map<string, typeof dlq>();
    const dlqWithoutStableId: string[] = [];
    for (const m of dlq) {
      if (m.headers.originalTopic !== system.topic) continue;
      const at = origin(m.headers.originalPartition, m.headers.originalOffset);
      const id = m.headers[DLQ_HEADER_ID];
      if (id !== deadLetterId(system.topic, Number(m.headers.originalPartition), m.headers.originalOffset))
        dlqWithoutStableId.push(`${at}: deadLetterId ${id ?? '(none)'}`);
      byOrigin.set(at, [...(byOrigin.get(at) ?? []), m]);
    }
    const dlqUnexpected = [...byOrigin.keys()].filter((at) => {
      const src = poisonAt.get(at);
      return !src || byOrigin.get(at)!.some((m) => m.value !== src.value || m.key !== src.key);
    });
    const table = await system.sql<{ partition: number; kafka_offset: string; message_key: string | null }>(
      `SELECT partition, kafka_offset::text AS kafka_offset, message_key FROM dead_letters WHERE topic = $1`,
      [system.topic],
    );
    const tableAt = new Map<string, number>();
    for (const r of table)
      tableAt.set(
        origin(r.partition, r.kafka_offset),
        (tableAt.get(origin(r.partition, r.kafka_offset)) ?? 0) + 1,
      );
    const tableMismatch = [
      ...[...poisonAt.keys()]
        .filter((at) => tableAt.get(at) !== 1)
        .map((at) => `${at}: ${tableAt.get(at) ?? 0} rows`),
      ...[...tableAt.keys()].filter((at) => !poisonAt.has(at)).map((at) => `${at}: not poison`),
    ];
    deadLetters = {
      poisonOnTopic: onTopic.length,
      dlqMessages: dlq.length,
      dlqDistinct: byOrigin.size,
      dlqRepeats: dlq.length - byOrigin.size,
      dlqWithoutStableId,
      dlqMissing: [...poisonAt.keys()].filter((at) => !byOrigin.has(at)),
      dlqUnexpected,
      tableRows: table.length,
      tableMismatch,
    };
  } finally {
    await inspector.close();
  }

  return {
    storedOnce,
    journeys,
    outcomes: { checked, differing: outcomeDiffs },
    deadLetters,
    quiescenceSeconds,
  };
}

/** The assertions every scenario makes on a report (one expect, so a failure shows the whole picture). */
export function expectPromisesKept(report: PromiseReport, load: LoadGenerator): void {
  const serverErrors = (counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([label, n]) => n > 0 && /(^| )5\d\d$/.test(label) && !/(^| )503$/.test(label))
      .map(([label, n]) => `${label}: ${n}`);
  const verdict = {
    violations: load.stats.violations.slice(0, 5),
    // outages are answered 503 (retry), never 500
    serverErrors: [...serverErrors(load.stats.byStatus), ...serverErrors(load.stats.reads)],
    storedOnce: {
      duplicated: report.storedOnce.duplicated,
      missing: report.storedOnce.missing,
      unacknowledged: report.storedOnce.unacknowledged,
    },
    allAcknowledged:
      load.acknowledgedIds.size === new Set(load.acknowledged.map((e) => e.eventId)).size &&
      load.progress === 1,
    journeys: report.journeys.differing,
    journeyCount: report.journeys.stored === report.journeys.expected,
    outcomes: report.outcomes.differing,
    dlq: {
      poisonInjected: report.deadLetters.poisonOnTopic === load.poison.length,
      missing: report.deadLetters.dlqMissing,
      unexpected: report.deadLetters.dlqUnexpected,
      withoutStableId: report.deadLetters.dlqWithoutStableId,
      table: report.deadLetters.tableMismatch,
    },
  };
  expect(verdict).toEqual({
    violations: [],
    serverErrors: [],
    storedOnce: { duplicated: 0, missing: [], unacknowledged: [] },
    allAcknowledged: true,
    journeys: [],
    journeyCount: true,
    outcomes: [],
    dlq: { poisonInjected: true, missing: [], unexpected: [], withoutStableId: [], table: [] },
  });
}

function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
