import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { outcomeJourney, SharedJourneyParts, type Journey, type OutcomeJourney } from '@ips/domain';

interface TrialSnapshot {
  /** read_model_epoch and the server's start time: a change of either drops the copy */
  epoch: string;
  /** the highest version read (report provenance) */
  version: bigint;
  /**
   * Every journey with a version up to this one is in the copy. Versions come from a
   * sequence when a transaction writes, not when it commits, so a version can become
   * visible after a higher one did: the copy moves this mark only past versions whose
   * transactions have all finished, and re-reads everything above it.
   */
  complete: bigint;
  /** marks to move `complete` to once every transaction with an xid below `afterXid` has finished */
  pending: { upTo: bigint; afterXid: bigint; at: number }[];
  bySite: Map<string, Map<string, OutcomeJourney>>;
  /** cached flat list, rebuilt only when something changed */
  list: OutcomeJourney[] | null;
  /** the copy's referrals, assessments, randomisations…: one of each, shared by its journeys */
  parts: SharedJourneyParts;
  lastUsed: number;
}

const MAX_CACHED_TRIALS = 16;
/** how often a refresh takes a new mark (each costs a transaction id) */
const MARK_EVERY_MS = 250;

/**
 * Reads a trial's journeys for outcome computation. Keeps a per-trial copy in memory, of
 * only what the outcome functions read (OutcomeJourney: no findings, job ids, hours changes,
 * retention checks…, and the referrals, assessments, randomisations… that many participants
 * have alike held once per copy; docs/decisions.md, "Issue 16: query memory"), and on every
 * call fetches only the journeys whose version rose since (one indexed query), so a
 * 100,000-participant trial is not re-read and re-parsed per request. The copy is a
 * cache, never the truth: a rebuild (replay) bumps the epoch and the copy is dropped, and so
 * does a restart of Postgres (transactions committed asynchronously may have been lost in
 * a crash, and the version sequence with them, so versions below the copy's mark can be
 * handed out again).
 */
@Injectable()
export class JourneyReader {
  private readonly trials = new Map<string, TrialSnapshot>();
  /** per trial, the last refresh: they run one at a time, so an older read never overwrites a newer one */
  private readonly lastRefresh = new Map<string, Promise<TrialSnapshot>>();
  /** per trial, a refresh queued behind the running one and not started yet */
  private readonly queuedRefresh = new Map<string, Promise<TrialSnapshot>>();

  constructor(private readonly dataSource: DataSource) {}

  async journeysOf(trialId: string, siteId?: string): Promise<OutcomeJourney[]> {
    const snapshot = await this.refresh(trialId);
    if (siteId !== undefined) return [...(snapshot.bySite.get(siteId)?.values() ?? [])];
    snapshot.list ??= [...snapshot.bySite.values()].flatMap((m) => [...m.values()]);
    return snapshot.list;
  }

  /** The read-model state the answer was computed from: for report provenance. */
  async snapshotVersion(trialId: string): Promise<{ epoch: string; version: string; participants: number }> {
    const snapshot = await this.refresh(trialId);
    let participants = 0;
    for (const m of snapshot.bySite.values()) participants += m.size;
    return { epoch: snapshot.epoch, version: snapshot.version.toString(), participants };
  }

  /**
   * Refreshes run one at a time per trial. A caller who finds one queued and not yet started
   * joins it instead of queueing another: it starts after the call, so it sees every
   * journey committed before the call, and a burst of requests costs two refreshes, not one
   * each.
   */
  private refresh(trialId: string): Promise<TrialSnapshot> {
    const queued = this.queuedRefresh.get(trialId);
    if (queued) return queued;
    const previous = this.lastRefresh.get(trialId) ?? Promise.resolve(undefined);
    const run = previous
      .catch(() => undefined)
      .then(() => {
        this.queuedRefresh.delete(trialId);
        return this.refreshNow(trialId);
      });
    this.queuedRefresh.set(trialId, run);
    this.lastRefresh.set(trialId, run);
    return run;
  }

  private async refreshNow(trialId: string): Promise<TrialSnapshot> {
    const [{ epoch, started }]: { epoch: string; started: string }[] = await this.dataSource.query(
      `SELECT epoch::text AS epoch, pg_postmaster_start_time()::text AS started FROM read_model_epoch WHERE id = 1`,
    );
    const generation = `${epoch}@${started}`;
    let snapshot = this.trials.get(trialId);
    if (!snapshot || snapshot.epoch !== generation) {
      snapshot = {
        epoch: generation,
        version: 0n,
        complete: 0n,
        pending: [],
        bySite: new Map(),
        list: null,
        parts: new SharedJourneyParts(),
        lastUsed: Date.now(),
      };
      this.trials.set(trialId, snapshot);
      this.evict();
    }
    snapshot.lastUsed = Date.now();
    // A mark: every version handed out so far went to a transaction that already had its
    // xid (writers lock their offset row before they take a version), so all of them are
    // finished once every xid below one taken now is. Taking an xid costs one, so at most
    // one mark per MARK_EVERY_MS; without a new mark `complete` just moves less often.
    const marking =
      snapshot.pending.length === 0 ||
      Date.now() - snapshot.pending[snapshot.pending.length - 1].at >= MARK_EVERY_MS;
    const handedOut = marking ? await this.versionsHandedOut() : null;
    // One statement, one snapshot: the rows, and the oldest transaction still running then.
    const rows: {
      xmin: string;
      xid: string | null;
      site_id: string | null;
      participant_id: string;
      /** as text, parsed one row at a time below so that each full journey is short-lived */
      journey: string;
      version: string;
    }[] = await this.dataSource.query(
      `WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, ${marking ? 'pg_current_xact_id()::text' : 'NULL::text'} AS xid)
       SELECT s.xmin, s.xid, j.site_id, j.participant_id, j.journey::text AS journey, j.version::text AS version
         FROM s LEFT JOIN journeys j ON j.trial_id = $1 AND j.version > $2
        ORDER BY j.version`,
      [trialId, snapshot.complete.toString()],
    );
    let changed = false;
    for (const row of rows) {
      if (row.site_id === null) continue;
      let site = snapshot.bySite.get(row.site_id);
      if (!site) snapshot.bySite.set(row.site_id, (site = new Map()));
      const journey = outcomeJourney(JSON.parse(row.journey) as Journey, snapshot.parts);
      // the key and the journey's own participantId are the same text: hold it once
      site.set(
        journey.participantId === row.participant_id ? journey.participantId : row.participant_id,
        journey,
      );
      changed = true;
      const version = BigInt(row.version);
      if (version > snapshot.version) snapshot.version = version;
    }
    // Earlier marks whose transactions have all finished (the oldest running xid is past
    // the mark's xid) were read whole by this statement: `complete` moves up to them.
    const xmin = BigInt(rows[0].xmin);
    for (const mark of snapshot.pending.filter((p) => p.afterXid <= xmin)) {
      if (mark.upTo > snapshot.complete) snapshot.complete = mark.upTo;
    }
    snapshot.pending = snapshot.pending.filter((p) => p.afterXid > xmin);
    if (handedOut !== null && rows[0].xid !== null)
      snapshot.pending.push({ upTo: BigInt(handedOut), afterXid: BigInt(rows[0].xid), at: Date.now() });
    if (changed) snapshot.list = null;
    return snapshot;
  }

  /**
   * The highest version handed out so far. A sequence never called (a fresh database, or one
   * restarted) shows its first value as `last_value` with `is_called` false: that value has not
   * been handed out, and a mark up to it would let the copy skip the journey that gets it.
   * A sequence caching values hands them out from each session's cache, below `last_value`
   * and long after it was read, so no mark could be trusted: refused outright.
   */
  private async versionsHandedOut(): Promise<string> {
    const [{ v, cache }]: { v: string; cache: string }[] = await this.dataSource.query(
      `SELECT (CASE WHEN s.is_called THEN s.last_value ELSE s.last_value - 1 END)::text AS v,
              (SELECT seqcache FROM pg_sequence WHERE seqrelid = 'journey_version_seq'::regclass)::text AS cache
         FROM journey_version_seq s`,
    );
    if (cache !== '1')
      throw new Error(
        `journey_version_seq caches ${cache} values per session: JourneyReader needs CACHE 1 to know which versions were handed out`,
      );
    return v;
  }

  private evict(): void {
    while (this.trials.size > MAX_CACHED_TRIALS) {
      const oldest = [...this.trials.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      this.trials.delete(oldest[0]);
      if (!this.queuedRefresh.has(oldest[0])) this.lastRefresh.delete(oldest[0]);
    }
  }
}
