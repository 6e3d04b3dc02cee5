import type { SurvivalTallyRow } from './kaplan-meier';
import { StatisticsInputError } from './statistics-input-error';

/**
 * One stratum (one site) of a two-arm time-to-event comparison: the events and
 * censorings of each arm counted per distinct time. Treated is IPS (coded 1), control
 * usual care (coded 0), as in DESIGN §6a.
 */
export interface TwoArmStratum {
  treated: readonly SurvivalTallyRow[];
  control: readonly SurvivalTallyRow[];
}

/** A distinct time with at least one event, with the risk set just before it (time ≥ t). */
export interface RiskSetAtEvent {
  time: number;
  atRiskTreated: number;
  atRiskControl: number;
  eventsTreated: number;
  eventsControl: number;
}

/**
 * The event times of a stratum in ascending order with their risk sets. Someone censored
 * at t is still at risk at t (events before censorings at tied times, DESIGN §6).
 */
export function riskSetsAtEvents(stratum: TwoArmStratum): RiskSetAtEvent[] {
  const treated = sortedRows(stratum.treated, 'treated');
  const control = sortedRows(stratum.control, 'control');
  let atRiskTreated = total(treated);
  let atRiskControl = total(control);
  const out: RiskSetAtEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < treated.length || j < control.length) {
    const time = Math.min(treated[i]?.time ?? Infinity, control[j]?.time ?? Infinity);
    const t = treated[i]?.time === time ? treated[i++] : null;
    const c = control[j]?.time === time ? control[j++] : null;
    const eventsTreated = t?.events ?? 0;
    const eventsControl = c?.events ?? 0;
    if (eventsTreated + eventsControl > 0) {
      out.push({ time, atRiskTreated, atRiskControl, eventsTreated, eventsControl });
    }
    atRiskTreated -= eventsTreated + (t?.censored ?? 0);
    atRiskControl -= eventsControl + (c?.censored ?? 0);
  }
  return out;
}

export function armSize(rows: readonly SurvivalTallyRow[]): number {
  return total(rows);
}

function total(rows: readonly SurvivalTallyRow[]): number {
  let n = 0;
  for (const r of rows) n += r.events + r.censored;
  return n;
}

function sortedRows(rows: readonly SurvivalTallyRow[], arm: string): SurvivalTallyRow[] {
  for (const r of rows) {
    if (!isCount(r.events) || !isCount(r.censored) || !Number.isFinite(r.time)) {
      throw new StatisticsInputError(`${arm} row at time ${r.time}: events and censored must be counts`);
    }
  }
  const sorted = [...rows].sort((a, b) => a.time - b.time);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].time === sorted[k - 1].time) {
      throw new StatisticsInputError(`${arm} rows repeat time ${sorted[k].time}`);
    }
  }
  return sorted;
}

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}

/** Observations one by one, as a test or R would hold them, counted per stratum, arm and time. */
export interface TwoArmObservation {
  stratum: string;
  /** 1 = IPS, 0 = usual care */
  arm: 0 | 1;
  time: number;
  event: boolean;
}

export function strataFromObservations(observations: readonly TwoArmObservation[]): TwoArmStratum[] {
  const byStratum = new Map<string, [Map<number, SurvivalTallyRow>, Map<number, SurvivalTallyRow>]>();
  for (const o of observations) {
    let arms = byStratum.get(o.stratum);
    if (arms === undefined) {
      arms = [new Map(), new Map()];
      byStratum.set(o.stratum, arms);
    }
    const rows = arms[o.arm];
    let row = rows.get(o.time);
    if (row === undefined) {
      row = { time: o.time, events: 0, censored: 0 };
      rows.set(o.time, row);
    }
    if (o.event) row.events++;
    else row.censored++;
  }
  return [...byStratum.values()].map(([control, treated]) => ({
    treated: [...treated.values()],
    control: [...control.values()],
  }));
}
