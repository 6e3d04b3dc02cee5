import type {
  FirstJobCurvesResponse,
  GroupDimension,
  MonitoringResponse,
  OutcomeGroup,
  OutcomesResponse,
  OutcomesResponseV2,
  TreatmentEffect,
  TrialDataQuality,
  TrialSummary,
  TrialsResponse,
} from '@ips/contracts';
import {
  apiRequest,
  byId,
  make,
  messageOf,
  saveFile,
  SessionKey,
  wireSignIn,
  statusOf,
  type ErrorBody,
} from '@ips/browser';
import {
  betterDirectionLabel,
  cohortName,
  DIMENSION_LABELS,
  WELLBEING_INSTRUMENT_LABELS,
} from '@ips/presentation';
import * as V from './view-model';
import type { Cell, SiteNames, ViewState } from './view-model';

// The dashboard's browser-side application: sign-in, controls, calls to the JSON API with
// the key in the Authorization header, and drawing the results into the page. Every
// format and name comes from view-model.ts (and through it @ips/presentation). Everything
// from the API reaches the page as text nodes (textContent), never as HTML; the one
// exception is the chart, an SVG document the query service drew, parsed as XML and
// imported (the page's Content-Security-Policy runs no script in it). Bundled by esbuild
// into one script (scripts/build-pages.js) that the page carries inline.

const KEY_ITEM = 'ips-outcomes.dashboard.key';
const SVG_NS = 'http://www.w3.org/2000/svg';
const DATA_QUALITY_TTL_MS = 60000;

/** What the data-quality cards and tables read (the findings themselves are not shown). */
type DataQualitySummary = Pick<TrialDataQuality, 'count' | 'byCode' | 'bySite'>;

/** The key: this tab only, header only (@ips/browser). */
const dashboardKey = new SessionKey(KEY_ITEM);

let state: ViewState = V.parseState(location.hash);
let trials: TrialSummary[] = [];
let generation = 0;
let dataQualityCache: Record<string, { at: number; value: DataQualitySummary }> = {};
/** DESIGN §6c: whether this key may read interim monitoring, and the trials known to have a plan */
let monitoringReadable = false;
let monitoringPlans = new Set<string>();

function messageFor(status: number, body: ErrorBody | null): string {
  const message = body && typeof body.message === 'string' ? body.message : '';
  const details =
    body && Array.isArray(body.details)
      ? (body.details as { message?: string }[])
          .map((d) => d?.message)
          .filter(Boolean)
          .join('; ')
      : '';
  if (status === 401) return 'The key was not accepted (unknown, revoked or mistyped). Sign in again.';
  if (status === 403) return `This key may not read that${message ? `: ${message}` : ''}.`;
  if (status === 404)
    return message ? `${message.charAt(0).toUpperCase()}${message.slice(1)}.` : 'Not found.';
  if (status === 429)
    return 'Too many requests with this key just now. Wait a moment, then change a control again.';
  if (status === 400) return `The query was not accepted: ${details || message || 'invalid request'}.`;
  return `The query service answered ${status}${message ? ` (${message})` : ''}.`;
}

function api(path: string, accept = 'application/json'): Promise<Response> {
  return apiRequest(path, dashboardKey.get(), messageFor, { accept });
}

async function apiJson<T>(path: string): Promise<T> {
  return (await (await api(path)).json()) as T;
}

function trialPath(suffix: string): string {
  return `v1/trials/${encodeURIComponent(state.trial)}${suffix}`;
}

// ---- messages ----

function setStatus(text: string): void {
  byId('status').textContent = text;
}

function showError(text: string): void {
  const box = byId('error');
  box.textContent = text;
  box.hidden = !text;
}

function setBusy(busy: boolean): void {
  const main = byId('main');
  main.setAttribute('aria-busy', busy ? 'true' : 'false');
  main.classList.toggle('is-busy', busy);
}

// ---- signing in and out ----

function showSignedIn(signedIn: boolean): void {
  byId('signin').hidden = signedIn;
  byId('account').hidden = !signedIn;
  byId<HTMLFieldSetElement>('control-set').disabled = !signedIn;
  byId('intro').hidden = signedIn;
  if (!signedIn) byId('results').hidden = true;
}

function signOut(message?: string): void {
  dashboardKey.clear();
  trials = [];
  monitoringReadable = false;
  monitoringPlans = new Set();
  byId('analysis-export').hidden = true;
  dataQualityCache = {};
  generation++;
  showSignedIn(false);
  setBusy(false);
  setStatus('');
  showError(message ?? '');
  byId('key').focus();
}

async function start(): Promise<void> {
  showSignedIn(true);
  showError('');
  setStatus('Loading the trials this key may read\u2026');
  try {
    const answer = await apiJson<TrialsResponse>('v1/trials');
    trials = answer.trials ?? [];
    byId('analysis-export').hidden = answer.analysisExports !== true;
    monitoringReadable = answer.monitoring === true;
    monitoringPlans = new Set(answer.monitoringPlans ?? []);
  } catch (e) {
    if (statusOf(e) === 401) {
      signOut(messageOf(e));
      return;
    }
    showError(messageOf(e));
    setStatus('');
    return;
  }
  if (trials.length === 0) {
    showError('This key can read no trials yet.');
    setStatus('');
    return;
  }
  if (!currentTrial()) state.trial = trials[0].trialId;
  fillTrialOptions();
  syncControls();
  writeHash();
  await refresh();
}

wireSignIn({
  key: dashboardKey,
  emptyMessage: 'Paste your API key first.',
  showError: (text) => showError(text),
  start: () => void start(),
  signOut,
});

// ---- controls ----

function currentTrial(): TrialSummary | null {
  return trials.find((t) => t.trialId === state.trial) ?? null;
}

function siteNames(): Record<string, string> {
  const names: Record<string, string> = {};
  for (const s of currentTrial()?.sites ?? []) names[s.siteId] = s.name;
  return names;
}

function option(value: string, label: string): HTMLOptionElement {
  const node = make('option', null, label);
  node.value = value;
  return node;
}

function fillSelect(
  select: HTMLSelectElement,
  first: string,
  values: readonly string[],
  labelOf: (value: string) => string,
  selected: string,
): void {
  select.textContent = '';
  if (first) select.appendChild(option('', first));
  let seen = false;
  for (const v of values) {
    select.appendChild(option(v, labelOf(v)));
    if (v === selected) seen = true;
  }
  // a value from a shared link that the list lacks stays selectable rather than vanishing
  if (selected && !seen) select.appendChild(option(selected, labelOf(selected)));
  select.value = selected || '';
}

function fillTrialOptions(): void {
  const select = byId<HTMLSelectElement>('trial');
  select.textContent = '';
  for (const t of trials) select.appendChild(option(t.trialId, `${t.name} (${t.trialId})`));
}

function today(): string {
  return V.todayUtc(new Date());
}

function groupByBoxes(): HTMLInputElement[] {
  return Array.from(document.querySelectorAll<HTMLInputElement>('input[name="groupBy"]'));
}

function selectValue(id: string): string {
  return byId<HTMLSelectElement>(id).value;
}

function syncControls(): void {
  const trial = currentTrial();
  byId<HTMLSelectElement>('trial').value = state.trial;
  const asOf = byId<HTMLInputElement>('asOf');
  asOf.max = today();
  asOf.value = state.asOf || today();
  for (const box of groupByBoxes()) box.checked = state.groupBy.includes(box.value as GroupDimension);
  const names = siteNames();
  fillSelect(
    byId<HTMLSelectElement>('filter-site'),
    'All sites',
    trial ? trial.sites.map((s) => s.siteId) : [],
    (v) => names[v] || v,
    state.site,
  );
  byId<HTMLSelectElement>('filter-condition').value = state.condition;
  byId<HTMLSelectElement>('filter-arm').value = state.arm;
  byId<HTMLSelectElement>('filter-employmentStatus').value = state.employmentStatus;
  byId<HTMLSelectElement>('cohortBy').value = state.cohortBy;
  const cohorts = trial ? V.cohortOptions(trial.startDate, state.asOf || today(), state.cohortBy) : [];
  fillSelect(byId<HTMLSelectElement>('filter-cohort'), 'All cohorts', cohorts, cohortName, state.cohort);
}

function readControls(): ViewState {
  const next = V.defaultState();
  next.trial = selectValue('trial');
  const asOf = byId<HTMLInputElement>('asOf').value;
  next.asOf = asOf && asOf !== today() ? asOf : '';
  next.groupBy = groupByBoxes()
    .filter((box) => box.checked)
    .map((box) => box.value as GroupDimension);
  for (const f of V.FILTERS) next[f] = selectValue(`filter-${f}`);
  next.cohortBy = V.parseState(`#cohortBy=${selectValue('cohortBy')}`).cohortBy;
  if (next.trial !== state.trial) {
    next.site = '';
    next.cohort = '';
  }
  if (next.cohortBy !== state.cohortBy) next.cohort = '';
  return next;
}

function writeHash(): void {
  const hash = V.stateHash(state);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

byId('controls').addEventListener('submit', (event) => event.preventDefault());

byId('controls').addEventListener('change', () => {
  state = readControls();
  syncControls();
  writeHash();
  void refresh();
});

byId('reset').addEventListener('click', () => {
  for (const f of V.FILTERS) state[f] = '';
  syncControls();
  writeHash();
  void refresh();
});

window.addEventListener('hashchange', () => {
  state = V.parseState(location.hash);
  if (!dashboardKey.get()) return;
  if (!currentTrial() && trials.length) state.trial = trials[0].trialId;
  syncControls();
  void refresh();
});

byId('download').addEventListener('click', () => void download());

async function download(): Promise<void> {
  const button = byId<HTMLButtonElement>('download');
  button.disabled = true;
  try {
    const response = await api(trialPath(`/outcomes?${V.apiQuery(state, state.groupBy)}`), 'text/csv');
    const blob = await response.blob();
    const name = V.filenameFrom(response.headers.get('Content-Disposition'), `${state.trial}-outcomes.csv`);
    saveFile(blob, name);
    setStatus(`Downloaded ${name}.`);
  } catch (e) {
    if (statusOf(e) === 401) {
      signOut(messageOf(e));
      return;
    }
    showError(messageOf(e));
  } finally {
    button.disabled = false;
  }
}

byId('export-analysis').addEventListener('click', () => void exportAnalysisDataset());

/** DESIGN §6d: make an export of the whole trial as of the chosen date, then save its zip. */
async function exportAnalysisDataset(): Promise<void> {
  const button = byId<HTMLButtonElement>('export-analysis');
  const key = dashboardKey.get();
  if (!key) return signOut('Sign in with your API key first.');
  button.disabled = true;
  setStatus('Making the analysis dataset\u2026');
  showError('');
  try {
    const shiftDates = byId<HTMLInputElement>('export-shift').checked;
    const created = await apiRequest(trialPath('/exports'), key, messageFor, {
      method: 'POST',
      json: { asOf: state.asOf || today(), shiftDates },
    });
    const metadata = (await created.json()) as { links: { zip: string } };
    const response = await api(metadata.links.zip.replace(/^\//, ''), 'application/zip');
    const blob = await response.blob();
    const name = V.filenameFrom(response.headers.get('Content-Disposition'), `${state.trial}-analysis.zip`);
    saveFile(blob, name);
    setStatus(`Downloaded ${name}.`);
  } catch (e) {
    setStatus('');
    if (statusOf(e) === 401) {
      signOut(messageOf(e));
      return;
    }
    showError(messageOf(e));
  } finally {
    button.disabled = false;
  }
}

// ---- fetching ----

async function dataQuality(): Promise<DataQualitySummary> {
  const cached = dataQualityCache[state.trial];
  if (cached && Date.now() - cached.at < DATA_QUALITY_TTL_MS) return cached.value;
  const value = await apiJson<TrialDataQuality>(trialPath('/data-quality'));
  dataQualityCache[state.trial] = { at: Date.now(), value };
  return value;
}

type MonitoringState =
  | { kind: 'plan'; value: MonitoringResponse }
  | { kind: 'none' }
  | { kind: 'not-allowed' }
  | { kind: 'failed'; message: string };

/**
 * DESIGN §6c from this service (it answers the reporting service's GET for the page; see
 * docs/decisions.md). Asked for only where the trial list says there is a plan, so a trial
 * without one costs no 404; a plan set since sign-in is found by asking the list again.
 */
async function monitoring(): Promise<MonitoringState> {
  if (!monitoringReadable) return { kind: 'not-allowed' };
  // a failure here shows in the panel only: the rest of the page stands (a bad key still signs out)
  try {
    if (!monitoringPlans.has(state.trial)) {
      const answer = await apiJson<TrialsResponse>('v1/trials');
      monitoringPlans = new Set(answer.monitoringPlans ?? []);
      if (!monitoringPlans.has(state.trial)) return { kind: 'none' };
    }
    const query = state.asOf ? `?asOf=${encodeURIComponent(state.asOf)}` : '';
    return { kind: 'plan', value: await apiJson<MonitoringResponse>(trialPath(`/monitoring${query}`)) };
  } catch (e) {
    if (statusOf(e) === 401) throw e;
    if (statusOf(e) === 404) return { kind: 'none' };
    return { kind: 'failed', message: messageOf(e) };
  }
}

async function refresh(): Promise<void> {
  if (!dashboardKey.get() || !state.trial || !currentTrial()) return;
  const mine = ++generation;
  setBusy(true);
  showError('');
  setStatus('Loading\u2026');
  try {
    const [outcomes, chartSvg, curves, dq, byArm, monitored] = await Promise.all([
      apiJson<OutcomesResponse>(trialPath(`/outcomes?${V.apiQuery(state, state.groupBy)}`)),
      api(trialPath(`/outcomes/first-job-curves.svg?${V.apiQuery(state, ['arm'])}`), 'image/svg+xml').then(
        (r) => r.text(),
      ),
      apiJson<FirstJobCurvesResponse>(trialPath(`/outcomes/first-job-curves?${V.apiQuery(state, ['arm'])}`)),
      dataQuality(),
      apiJson<OutcomesResponseV2>(trialPath(`/outcomes?${V.apiQuery(state, ['arm'])}`)),
      monitoring(),
    ]);
    if (mine !== generation) return;
    render(outcomes, chartSvg, curves, dq);
    renderWellbeing(byArm);
    // the comparisons follow the grouping when it has arms (as the effects do), else the whole view by arm
    const compared =
      outcomes.groupBy.includes('arm') &&
      (outcomes as { definitionsVersion: number }).definitionsVersion === 2
        ? (outcomes as unknown as OutcomesResponseV2)
        : byArm;
    renderComparisons(compared, siteNames());
    renderMonitoring(monitored, outcomes.asOf);
    const groups = outcomes.groups.length;
    setStatus(`Showing ${groups}${groups === 1 ? ' group' : ' groups'} as of ${V.longDate(outcomes.asOf)}.`);
  } catch (e) {
    if (mine !== generation) return;
    if (statusOf(e) === 401) {
      signOut(messageOf(e));
      return;
    }
    showError(messageOf(e));
    setStatus('');
  } finally {
    if (mine === generation) setBusy(false);
  }
}

// ---- drawing ----

function naSpan(why: string, className?: string): HTMLSpanElement {
  const span = make('span', `na${className ? ` ${className}` : ''}`);
  span.title = why;
  span.appendChild(make('span', null, V.DASH)).setAttribute('aria-hidden', 'true');
  span.appendChild(make('span', 'visually-hidden', `not available: ${why}`));
  return span;
}

/** a cell from the view model's cell description */
function cell(c: Cell, className?: string): HTMLTableCellElement {
  const td = make('td', `num${className ? ` ${className}` : ''}`);
  if (c.why) td.appendChild(naSpan(c.why, 'figure'));
  else td.appendChild(make('span', 'figure', c.text));
  if (c.ci) td.appendChild(make('span', 'ci', c.ci));
  else if (c.ciWhy) td.appendChild(naSpan(c.ciWhy, 'ci'));
  if (c.detail) td.appendChild(make('span', 'detail', c.detail));
  if (c.value !== null && c.value !== undefined) td.setAttribute('data-value', String(c.value));
  return td;
}

interface Column {
  label: string;
  unit?: string;
  help?: string;
}

interface Row {
  label: string;
  total?: boolean;
  sub?: boolean;
  help?: string | null;
  cells: (Cell | HTMLTableCellElement)[];
}

interface TableOptions {
  id?: string;
  className?: string;
  caption: string;
  columns: Column[];
  rows: Row[];
}

/**
 * A table with a caption, column headers (with an optional explanation each) and one
 * row per group; rows are [label, cells...], and a row flagged total is set apart.
 */
function table(options: TableOptions): HTMLDivElement {
  const wrap = make('div', 'table-wrap');
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', options.caption);
  const t = make('table', options.className ?? null);
  if (options.id) t.id = options.id;
  t.appendChild(make('caption', null, options.caption));
  const head = make('thead');
  const hr = make('tr');
  options.columns.forEach((column, i) => {
    const th = make('th', i === 0 ? null : 'num');
    th.scope = 'col';
    th.appendChild(make('span', null, column.label));
    if (column.help) {
      th.title = column.help;
      th.appendChild(make('span', 'th-help', column.unit ?? ''));
    } else if (column.unit) th.appendChild(make('span', 'th-help', column.unit));
    hr.appendChild(th);
  });
  head.appendChild(hr);
  t.appendChild(head);
  const body = make('tbody');
  for (const row of options.rows) {
    const tr = make('tr', row.total ? 'total' : row.sub ? 'sub' : null);
    const th = make('th', null, row.label);
    th.scope = 'row';
    if (row.help) th.title = row.help;
    tr.appendChild(th);
    for (const c of row.cells) tr.appendChild(c instanceof HTMLElement ? c : cell(c));
    body.appendChild(tr);
  }
  t.appendChild(body);
  wrap.appendChild(t);
  return wrap;
}

const STAGES: [keyof OutcomeGroup['flow'], string][] = [
  ['referred', 'Referred'],
  ['assessed', 'Assessed for eligibility'],
  ['eligible', 'Eligible'],
  ['ineligible', 'Not eligible'],
  ['consented', 'Consented'],
  ['randomised', 'Randomised'],
  ['randomisedIps', '\u2026 to IPS'],
  ['randomisedUsualCare', '\u2026 to usual care'],
  ['withdrawn', 'Withdrawn'],
  ['followUpComplete', 'Followed up 12 months'],
];

const KM_HELP =
  'Cumulative incidence of a first job, 1 \u2212 S(t), with a log-log Greenwood interval (R survfit).';

function render(
  outcomes: OutcomesResponse,
  chartSvg: string,
  curves: FirstJobCurvesResponse,
  dq: DataQualitySummary,
): void {
  const names = siteNames();
  const groups = outcomes.groups;
  const groupBy = outcomes.groupBy;
  const label = (key: OutcomeGroup['key']) => V.groupLabel(key, groupBy, names);
  const total = V.totalFlow(groups);
  byId('results').hidden = false;

  renderOverview(outcomes, total, dq, names);
  renderEffects(outcomes, names);
  renderChart(chartSvg, curves, outcomes, names);

  const tables = byId('tables');
  tables.textContent = '';
  const grouping = groupBy.length
    ? groupBy.map((d) => DIMENSION_LABELS[d].toLowerCase()).join(' and ')
    : 'none (the whole cut)';
  const note = byId('grouping-note');
  note.textContent = `Grouped by ${grouping}. Figures in brackets are 95% confidence intervals; hover over ${V.DASH} to see why a figure is missing.`;
  // outcomes are over randomised people: a group nobody in it was randomised has none to show
  const analysed = groups.filter((g) => g.flow.randomised > 0 || g.firstJob.n > 0);
  const left = groups.length - analysed.length;
  note.textContent +=
    left === 0
      ? ''
      : ` ${left === 1 ? 'One group has' : `${left} groups have`} nobody randomised and appear${left === 1 ? 's' : ''} in the flow table only.`;

  // the flow reads down, as a CONSORT diagram does: a row per stage, a column per group
  const flows = groups.map((g) => g.flow);
  const flowColumns: Column[] = [{ label: 'Stage' }, ...groups.map((g) => ({ label: label(g.key) }))];
  if (groups.length > 1) {
    flows.push(total);
    flowColumns.push({ label: 'Total' });
  }
  tables.appendChild(
    table({
      id: 'flow-table',
      className: `flow${groups.length > 1 ? ' with-total' : ''}`,
      caption: 'Participant flow (CONSORT)',
      columns: flowColumns,
      rows: STAGES.map(([stage, name]) => ({
        label: name,
        sub: stage === 'randomisedIps' || stage === 'randomisedUsualCare',
        help:
          stage === 'followUpComplete'
            ? 'Randomised at least 365 days before the as-of date: the people the 12-month outcomes are over.'
            : null,
        cells: flows.map((f) => V.plain(f[stage])),
      })),
    }),
  );

  tables.appendChild(
    table({
      id: 'twelve-month-table',
      caption: 'Outcomes at 12 months (participants with full follow-up)',
      columns: [
        { label: 'Group' },
        { label: 'Followed up 12 months', unit: 'n' },
        {
          label: 'Started a job within 12 months',
          unit: '% [95% CI] \u00b7 n / N',
          help: 'jobStart12m: a first competitive job within 365 days of randomisation. Wilson interval.',
        },
        {
          label: 'Worked 13+ weeks in 12 months',
          unit: '% [95% CI] \u00b7 n / N',
          help: 'worked13wIn12m: at least 91 days in work in the first 365 days (the health-led trials\u2019 primary outcome). Wilson interval.',
        },
        {
          label: 'Days employed in 12 months',
          unit: 'mean \u00b7 n',
          help: 'daysEmployed12m: mean days covered by any competitive job in the first 365 days.',
        },
      ],
      rows: analysed.map((g) => ({
        label: label(g.key),
        cells: [
          V.plain(g.flow.followUpComplete),
          V.proportion(g.jobStart12m, 'jobStart12m'),
          V.proportion(g.worked13wIn12m, 'worked13wIn12m'),
          V.mean(g.daysEmployed12m.mean, g.daysEmployed12m.n, V.WHY.followUp),
        ],
      })),
    }),
  );

  const at = (g: OutcomeGroup, day: number) => g.firstJob.at.find((p) => p.day === day);
  tables.appendChild(
    table({
      id: 'first-job-table',
      caption:
        'Time to first job (Kaplan\u2013Meier): share who had started one [95% CI], and number at risk',
      columns: [
        { label: 'Group' },
        { label: 'Randomised', unit: 'n' },
        { label: 'First jobs', unit: 'n' },
        {
          label: 'Median',
          unit: 'days',
          help: 'The first day on which the Kaplan\u2013Meier estimate of still being without a job is 50% or less.',
        },
        { label: 'By 3 months', unit: 'day 91', help: KM_HELP },
        { label: 'By 6 months', unit: 'day 182', help: KM_HELP },
        { label: 'By 12 months', unit: 'day 365', help: KM_HELP },
      ],
      rows: analysed.map((g) => ({
        label: label(g.key),
        cells: [
          V.plain(g.firstJob.n),
          V.plain(g.firstJob.events),
          V.median(g.firstJob),
          V.incidence(at(g, 91)),
          V.incidence(at(g, 182)),
          V.incidence(at(g, 365)),
        ],
      })),
    }),
  );

  tables.appendChild(
    table({
      id: 'job-quality-table',
      caption: 'The first job: how long it lasted and its hours',
      columns: [
        { label: 'Group' },
        {
          label: 'Lasted 13 weeks',
          unit: '% [95% CI] \u00b7 n / N',
          help: 'sustained13w: over first jobs that started at least 91 days before the as-of date.',
        },
        {
          label: 'Lasted 26 weeks',
          unit: '% [95% CI] \u00b7 n / N',
          help: 'sustained26w: over first jobs that started at least 182 days before the as-of date.',
        },
        {
          label: '16+ hours a week',
          unit: '% [95% CI] \u00b7 n / N',
          help: 'hours16Plus: over everyone with a first job, by the hours agreed at the start.',
        },
        {
          label: 'Hours a week',
          unit: 'mean \u00b7 n',
          help: 'meanHours: the mean hours a week at the start of the first job.',
        },
      ],
      rows: analysed.map((g) => ({
        label: label(g.key),
        cells: [
          V.proportion(g.sustained13w, 'sustained13w'),
          V.proportion(g.sustained26w, 'sustained26w'),
          V.proportion(g.hours16Plus, 'hours16Plus'),
          V.mean(g.hours16Plus.meanHours, g.hours16Plus.denominator, V.WHY.firstJob),
        ],
      })),
    }),
  );

  renderDataQuality(dq, names);
}

function card(title: string, figure: string, detail: string, id: string): HTMLDivElement {
  const node = make('div', 'card');
  node.id = id;
  node.appendChild(make('p', 'card-title', title));
  node.appendChild(make('p', 'card-figure', figure));
  if (detail) node.appendChild(make('p', 'card-detail', detail));
  return node;
}

function renderOverview(
  outcomes: OutcomesResponse,
  total: OutcomeGroup['flow'],
  dq: DataQualitySummary,
  names: SiteNames,
): void {
  const trial = currentTrial();
  const context = byId('context');
  context.textContent = '';
  const facts: [string, string][] = [
    ['Trial', trial ? `${trial.name} (${trial.trialId})` : outcomes.trialId],
    ['As of', V.longDate(outcomes.asOf) + (state.asOf ? '' : ' (today)')],
    ['Filters', V.filterSummary(state, names)],
    ['Definitions', `version ${outcomes.definitionsVersion}`],
  ];
  for (const [term, description] of facts) {
    const item = make('div', 'fact');
    item.appendChild(make('dt', null, term));
    item.appendChild(make('dd', null, description));
    context.appendChild(item);
  }

  const cards = byId('cards');
  cards.textContent = '';
  cards.appendChild(
    card(
      'Referred',
      V.count(total.referred),
      `${V.count(total.assessed)} assessed \u00b7 ${V.count(total.eligible)} eligible \u00b7 ${V.count(total.consented)} consented`,
      'card-referred',
    ),
  );
  cards.appendChild(
    card(
      'Randomised',
      V.count(total.randomised),
      `IPS ${V.count(total.randomisedIps)} \u00b7 usual care ${V.count(total.randomisedUsualCare)}`,
      'card-randomised',
    ),
  );
  const share =
    total.randomised > 0
      ? `12 months; ${V.percent(total.followUpComplete / total.randomised)} of those randomised`
      : '12 months; nobody randomised yet';
  cards.appendChild(card('Full follow-up', V.count(total.followUpComplete), share, 'card-follow-up'));
  cards.appendChild(
    card('Withdrawn', V.count(total.withdrawn), 'stay in their arm\u2019s analysis', 'card-withdrawn'),
  );
  const findingSites = Object.keys(dq.bySite).length;
  cards.appendChild(
    card(
      'Data quality',
      V.count(dq.count),
      `open findings at ${findingSites === 1 ? 'one site' : `${findingSites} sites`}, all dates`,
      'card-findings',
    ),
  );

  const cutoff = new Date(Date.parse(`${outcomes.asOf}T00:00:00Z`) - 365 * 86400000)
    .toISOString()
    .slice(0, 10);
  byId('follow-up-note').textContent =
    total.randomised > 0
      ? `${V.count(total.followUpComplete)} of the ${V.count(total.randomised)} people randomised in this view (${V.percent(total.followUpComplete / total.randomised)}) have full 12-month follow-up: they were randomised on or before ${V.longDate(cutoff)}. The 12-month outcomes (job start, 13 weeks worked, days employed) are over them only; the Kaplan\u2013Meier figures use everyone randomised.`
      : 'Nobody in this view has been randomised yet, so there are no outcomes to show.';
}

const METRIC_NAMES: Record<string, string> = {
  jobStart12m: 'Started a job within 12 months',
  worked13wIn12m: 'Worked 13+ weeks in 12 months',
};

function renderEffects(outcomes: OutcomesResponse, names: SiteNames): void {
  const holder = byId('effects');
  holder.textContent = '';
  if (!outcomes.groupBy.includes('arm')) {
    holder.appendChild(
      make('p', 'note', 'Add \u201cArm\u201d to the grouping to compare IPS with usual care.'),
    );
    return;
  }
  const effects = outcomes.effects;
  if (effects.length === 0) {
    holder.appendChild(
      make('p', 'note', 'No group in this view has anyone randomised, so there is nothing to compare.'),
    );
    return;
  }
  const keyDims = outcomes.groupBy.filter((d) => d !== 'arm');
  const scale = V.effectScale(effects);
  const columns: Column[] = [
    { label: keyDims.length ? 'Group and outcome' : 'Outcome' },
    { label: 'IPS', unit: '% \u00b7 n / N' },
    { label: 'Usual care', unit: '% \u00b7 n / N' },
    {
      label: 'Difference',
      unit: 'IPS \u2212 usual care [95% CI]',
      help: 'Risk difference in percentage points with the Newcombe hybrid score interval (method 10).',
    },
    {
      label: 'Interval',
      unit: `${V.points(-scale).replace('.0', '')} to ${V.points(scale).replace('.0', '')} pp`,
    },
  ];
  const rows: Row[] = effects.map((e) => {
    const name = METRIC_NAMES[e.metric] ?? e.metric;
    const prefix = keyDims.length ? `${V.groupLabel(e.key, keyDims, names)}: ` : '';
    return {
      label: prefix + name,
      cells: [V.armCount(e.ips), V.armCount(e.usualCare), V.effect(e), intervalPlot(e, scale)],
    };
  });
  holder.appendChild(
    table({
      id: 'effects-table',
      caption: 'IPS compared with usual care',
      columns,
      rows,
      className: 'effects',
    }),
  );
}

/** a small interval plot: the difference and its 95% interval on a shared scale, zero marked */
function intervalPlot(e: TreatmentEffect, scale: number): HTMLTableCellElement {
  const td = make('td', 'plot');
  const width = 180;
  const height = 26;
  const pad = 8;
  const x = (v: number) =>
    pad + ((Math.max(-scale, Math.min(scale, v)) + scale) / (2 * scale)) * (width - 2 * pad);
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const line = (
    x1: number,
    x2: number,
    y1: number,
    y2: number,
    colour: string,
    widthPx: number,
    dash?: string,
  ) => {
    const l = document.createElementNS(SVG_NS, 'line');
    l.setAttribute('x1', String(x1));
    l.setAttribute('x2', String(x2));
    l.setAttribute('y1', String(y1));
    l.setAttribute('y2', String(y2));
    l.setAttribute('stroke', colour);
    l.setAttribute('stroke-width', String(widthPx));
    if (dash) l.setAttribute('stroke-dasharray', dash);
    svg.appendChild(l);
  };
  line(pad, width - pad, height / 2, height / 2, '#dfe3e6', 1);
  line(x(0), x(0), 3, height - 3, '#4b5459', 1, '3 2');
  if (typeof e.riskDifference === 'number') {
    if (typeof e.lower === 'number' && typeof e.upper === 'number') {
      line(x(e.lower), x(e.upper), height / 2, height / 2, '#005a8c', 3);
      line(x(e.lower), x(e.lower), height / 2 - 5, height / 2 + 5, '#005a8c', 2);
      line(x(e.upper), x(e.upper), height / 2 - 5, height / 2 + 5, '#005a8c', 2);
    }
    const dot = document.createElementNS(SVG_NS, 'rect');
    dot.setAttribute('x', String(x(e.riskDifference) - 5));
    dot.setAttribute('y', String(height / 2 - 5));
    dot.setAttribute('width', '10');
    dot.setAttribute('height', '10');
    dot.setAttribute('fill', '#1b1b1b');
    svg.appendChild(dot);
  }
  td.appendChild(svg);
  return td;
}

/** §6b by arm for the filtered cut: one row per instrument, every instrument, nulls shown as gaps */
function renderWellbeing(byArm: OutcomesResponseV2): void {
  const holder = byId('wellbeing');
  holder.textContent = '';
  const arm = (a: string) => byArm.groups.find((g) => g.key.arm === a);
  const ips = arm('ips');
  const usualCare = arm('usual_care');
  const comparison = byArm.comparisons[0];
  if (!ips && !usualCare) {
    holder.appendChild(make('p', 'note', 'Nobody in this view has been randomised yet.'));
    return;
  }
  const columns: Column[] = [
    { label: 'Measure' },
    { label: 'IPS at baseline', unit: 'mean' },
    { label: 'IPS at 12 months', unit: 'mean' },
    { label: 'IPS change', unit: 'mean [95% CI]' },
    { label: 'IPS missing', unit: 'follow-ups' },
    { label: 'Usual care at baseline', unit: 'mean' },
    { label: 'Usual care at 12 months', unit: 'mean' },
    { label: 'Usual care change', unit: 'mean [95% CI]' },
    { label: 'Usual care missing', unit: 'follow-ups' },
    {
      label: 'Difference',
      unit: 'IPS \u2212 usual care [95% CI]',
      help: 'At 12 months, adjusted for the baseline score and for site by least squares (R lm); missing follow-ups are not imputed.',
    },
  ];
  const armCells = (g: OutcomesResponseV2['groups'][number] | undefined, i: number): V.Cell[] => {
    const w = g?.wellbeing[i];
    if (!w) return [V.plain(null), V.plain(null), V.plain(null), V.plain(null)];
    return [
      V.score(w.baselineMean, w.withBaseline),
      V.score(w.followUpMean, w.withFollowUp),
      V.scoreChange(w.change),
      V.missingFollowUps(w.due, w.withFollowUp),
    ];
  };
  const instruments = (ips ?? usualCare)!.wellbeing;
  const rows: Row[] = instruments.map((w, i) => {
    const c = comparison?.wellbeing[i];
    return {
      label: `${WELLBEING_INSTRUMENT_LABELS[w.instrument] ?? w.instrument} \u2014 ${betterDirectionLabel(w.higherIsBetter)}`,
      cells: [...armCells(ips, i), ...armCells(usualCare, i), c ? V.adjustedDifference(c) : V.plain(null)],
    };
  });
  holder.appendChild(
    table({ id: 'wellbeing-table', caption: 'Health and wellbeing scores by arm', columns, rows }),
  );
}

function renderChart(
  svgText: string,
  curves: FirstJobCurvesResponse,
  outcomes: OutcomesResponse,
  names: SiteNames,
): void {
  const holder = byId('chart');
  holder.textContent = '';
  const atRisk = byId('at-risk');
  atRisk.textContent = '';
  const drawn = curves.groups.filter((g) => g.n > 0);
  if (drawn.length > 0) {
    const days = [0, 91, 182, 273, 365];
    atRisk.appendChild(
      table({
        id: 'at-risk-table',
        className: 'compact',
        caption: 'Number at risk (still followed up and without a job)',
        columns: [
          { label: 'Arm' },
          ...days.map((d) => ({ label: `${d === 0 ? 0 : Math.round(d / 30.4)} months`, unit: `day ${d}` })),
        ],
        rows: drawn.map((g) => ({
          label: V.groupLabel(g.key, curves.groupBy, names),
          cells: days.map((d) => V.plain(V.atRiskAt(g.steps, d))),
        })),
      }),
    );
  }
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = parsed.documentElement;
  if (
    !root ||
    root.namespaceURI !== SVG_NS ||
    root.localName !== 'svg' ||
    parsed.getElementsByTagName('parsererror').length > 0
  ) {
    holder.appendChild(make('p', 'note', 'The chart could not be drawn.'));
  } else {
    holder.appendChild(document.importNode(root, true));
  }
  const filters = V.filterSummary(state, names);
  byId('chart-caption').textContent =
    'Kaplan\u2013Meier estimate of the share of people who had started a first paid job, by arm' +
    (filters === 'none' ? '' : ` (filters: ${filters})`) +
    `, as of ${V.longDate(outcomes.asOf)}. Shaded bands are 95% confidence intervals (log-log). ` +
    'Each curve runs to the longest follow-up so far. The chart is always by arm; the grouping applies to the tables below, which give the figures at 3, 6 and 12 months.';
}

/** a list of plain-words lines, one per figure */
function meanings(id: string, lines: string[]): HTMLUListElement {
  const list = make('ul', 'meanings');
  list.id = id;
  for (const line of lines) list.appendChild(make('li', null, line));
  return list;
}

/**
 * DESIGN §6a: the log-rank test and the hazard ratio of time to first job, and the
 * site-stratified risk differences beside the unstratified ones, for the view's as-of date
 * and filters; every missing figure says why, every figure has a line in plain words.
 */
function renderComparisons(outcomes: OutcomesResponseV2, names: SiteNames): void {
  const holder = byId('comparisons');
  holder.textContent = '';
  const keyDims = outcomes.groupBy.filter((d) => d !== 'arm');
  const labelOf = (key: OutcomesResponseV2['comparisons'][number]['key']) =>
    keyDims.length ? V.groupLabel(key, keyDims, names) : 'Everyone in this view';
  if (outcomes.comparisons.length === 0) {
    holder.appendChild(
      make('p', 'note', 'Nobody in this view has been randomised yet, so there is nothing to compare.'),
    );
    return;
  }
  holder.appendChild(
    make(
      'p',
      'note',
      'Randomisation was stratified by site, so these compare people at the same site and then combine the sites. ' +
        (keyDims.length
          ? 'One row per group of the grouping above.'
          : 'Over everyone in this view (add a grouping with Arm to split it).'),
    ),
  );

  const rows: Row[] = [];
  const lines: string[] = [];
  for (const c of outcomes.comparisons) {
    const fj = c.firstJob;
    const why = V.logRankWhy(fj, V.armSizes(outcomes.groups, c.key));
    rows.push({
      label: labelOf(c.key),
      cells: [
        V.observedExpected(fj.logRank.observedIps, fj.logRank.expectedIps, why),
        V.observedExpected(fj.logRank.observedUsualCare, fj.logRank.expectedUsualCare, why),
        V.chiSquare(fj, why),
        V.pCell(fj.logRank.p, why),
        V.hazardRatio(fj),
        V.plain(fj.strata),
      ],
    });
    const prefix = keyDims.length ? `${labelOf(c.key)} \u2014 ` : '';
    lines.push(prefix + V.logRankMeaning(fj, why), prefix + V.hazardRatioMeaning(fj));
  }
  holder.appendChild(
    table({
      id: 'comparisons-table',
      caption: 'Time to first job: IPS compared with usual care, stratified by site',
      columns: [
        { label: keyDims.length ? 'Group' : 'Who' },
        {
          label: 'IPS first jobs',
          unit: 'observed \u00b7 expected',
          help: 'First jobs in the IPS arm, and how many there would have been if both arms found work at the same pace (log-rank expected count).',
        },
        { label: 'Usual care first jobs', unit: 'observed \u00b7 expected' },
        {
          label: 'Log-rank \u03c7\u00b2',
          unit: '1 df',
          help: 'Stratified log-rank test of the time to first job (R survdiff with strata(site)).',
        },
        { label: 'Log-rank p', unit: 'two-sided' },
        {
          label: 'Hazard ratio',
          unit: 'IPS vs usual care [95% CI] \u00b7 p',
          help: 'Cox model stratified by site, Efron ties (R coxph): above 1 means IPS participants found a first job faster.',
        },
        { label: 'Sites', unit: 'with both arms' },
      ],
      rows,
    }),
  );
  holder.appendChild(meanings('comparisons-meanings', lines));

  const effects = outcomes.effects;
  if (effects.length === 0) return;
  const effectLines: string[] = [];
  const effectRows: Row[] = effects.map((e) => {
    const name = METRIC_NAMES[e.metric] ?? e.metric;
    const prefix = keyDims.length ? `${labelOf(e.key)}: ` : '';
    effectLines.push(prefix + V.stratifiedMeaning(e, name));
    return {
      label: prefix + name,
      cells: [V.armCount(e.ips), V.armCount(e.usualCare), V.effect(e), V.stratifiedEffect(e.stratified)],
    };
  });
  holder.appendChild(
    table({
      id: 'stratified-table',
      caption: '12-month outcomes: the difference IPS \u2212 usual care, overall and site by site',
      columns: [
        { label: keyDims.length ? 'Group and outcome' : 'Outcome' },
        { label: 'IPS', unit: '% \u00b7 n / N' },
        { label: 'Usual care', unit: '% \u00b7 n / N' },
        {
          label: 'Unstratified',
          unit: 'pp [95% CI]',
          help: 'All sites pooled: Newcombe hybrid score interval (method 10).',
        },
        {
          label: 'Stratified by site',
          unit: 'pp [95% CI] \u00b7 sites',
          help: 'Mantel\u2013Haenszel risk difference over the sites with both arms, Sato\u2019s variance (R metafor::rma.mh, measure RD).',
        },
      ],
      rows: effectRows,
    }),
  );
  holder.appendChild(meanings('stratified-meanings', effectLines));
}

/** DESIGN §6c: the plan, the looks so far and the next one, a chart of Z against the boundary, and the verdict in words. */
function renderMonitoring(m: MonitoringState, asOf: string): void {
  const holder = byId('monitoring');
  holder.textContent = '';
  if (m.kind === 'not-allowed') {
    holder.appendChild(
      make(
        'p',
        'note',
        'Interim monitoring is shown to evaluators and programme leads; this key may not read it.',
      ),
    );
    return;
  }
  if (m.kind === 'failed') {
    holder.appendChild(make('p', 'note', `Interim monitoring could not be loaded: ${m.message}`));
    return;
  }
  const value = m.kind === 'plan' ? m.value : null;
  const verdict = make('p', 'verdict', V.monitoringVerdict(value));
  verdict.id = 'monitoring-verdict';
  holder.appendChild(verdict);
  const detail = make('p', 'note', V.monitoringVerdictDetail(value));
  detail.id = 'monitoring-detail';
  holder.appendChild(detail);
  if (value === null) return;

  const plan = make('dl', 'context');
  plan.id = 'monitoring-plan';
  const facts: [string, string][] = [
    ['Primary outcome', METRIC_NAMES[value.plan.primaryOutcome] ?? value.plan.primaryOutcome],
    ['Planned participants', V.count(value.plan.plannedParticipants)],
    ['Alpha (two-sided)', String(value.plan.alpha)],
    ['Plan set', V.longDate(value.plan.setAt.slice(0, 10))],
  ];
  for (const [term, description] of facts) {
    const item = make('div', 'fact');
    item.appendChild(make('dt', null, term));
    item.appendChild(make('dd', null, description));
    plan.appendChild(item);
  }
  holder.appendChild(plan);

  const rows: Row[] = value.looks.map((l, i) => ({
    label: `Look ${i + 1}`,
    cells: [{ text: V.longDate(l.asOf), value: null }, ...V.lookCells(l)],
  }));
  if (value.next)
    rows.push({
      label: 'Next look',
      sub: true,
      help: 'Not a look yet: what a report at the as-of date would be.',
      cells: [{ text: V.longDate(value.next.asOf), value: null }, ...V.lookCells(value.next, true)],
    });
  if (rows.length > 0) {
    holder.appendChild(
      table({
        id: 'monitoring-looks',
        caption: 'Looks: the difference between the arms (Z) against the O\u2019Brien\u2013Fleming boundary',
        columns: [
          { label: 'Look' },
          { label: 'Report as of' },
          {
            label: 'Information',
            unit: 'fraction t',
            help: 'People followed up for 12 months \u00f7 planned participants (at most 1).',
          },
          {
            label: 'Z',
            unit: 'difference \u00f7 SE',
            help: 'The site-stratified difference in the primary outcome divided by its standard error; positive favours IPS.',
          },
          {
            label: 'Boundary',
            unit: '|Z| to cross',
            help: 'O\u2019Brien\u2013Fleming (Lan\u2013DeMets) boundary for this look.',
          },
          {
            label: 'Nominal p',
            unit: 'to beat',
            help: 'The two-sided p-value a look must beat: 2(1 \u2212 \u03a6(boundary)).',
          },
          {
            label: 'Alpha spent',
            unit: 'cumulative',
            help: 'The share of the false-positive allowance used by this look.',
          },
          { label: 'Crossed' },
        ],
        rows,
      }),
    );
    holder.appendChild(monitoringChart(value));
  }
  const next = make('p', 'note', V.nextLookSentence(value, value.next?.asOf ?? asOf));
  next.id = 'monitoring-next';
  holder.appendChild(next);
}

/** Z at each look (and the next, hollow) against the two-sided boundary, over the information fraction */
function monitoringChart(m: MonitoringResponse): SVGSVGElement {
  const points = [...m.looks.map((l) => ({ look: l, next: false }))];
  if (m.next) points.push({ look: m.next, next: true });
  const width = 560;
  const height = 260;
  const left = 52;
  const right = 16;
  const top = 14;
  const bottom = 40;
  const largest = Math.max(4, ...points.map((p) => Math.max(p.look.boundary, Math.abs(p.look.z))));
  const yMax = Math.min(10, Math.ceil(largest));
  const x = (t: number) => left + t * (width - left - right);
  const y = (z: number) =>
    top + ((yMax - Math.max(-yMax, Math.min(yMax, z))) / (2 * yMax)) * (height - top - bottom);
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('class', 'monitoring-chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'monitoring-chart-title monitoring-chart-desc');
  const el = (tag: string, attributes: Record<string, string | number>, text?: string) => {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.appendChild(node);
    return node;
  };
  el('title', { id: 'monitoring-chart-title' }, 'Interim monitoring: Z at each look against the boundary');
  el(
    'desc',
    { id: 'monitoring-chart-desc' },
    points
      .map(
        (p, i) =>
          `${p.next ? 'Next look' : `Look ${i + 1}`}: t ${V.decimal(p.look.informationFraction, 2)}, Z ${V.decimal(p.look.z, 2)}, boundary \u00b1${V.decimal(p.look.boundary, 2)}`,
      )
      .join('; ') || 'No looks yet.',
  );
  for (let z = -yMax; z <= yMax; z += yMax > 6 ? 2 : 1) {
    el('line', {
      x1: left,
      x2: width - right,
      y1: y(z),
      y2: y(z),
      stroke: z === 0 ? '#4b5459' : '#e3e6e8',
      'stroke-width': 1,
    });
    el(
      'text',
      { x: left - 6, y: y(z) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#3d4448' },
      String(z),
    );
  }
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    el('line', { x1: x(t), x2: x(t), y1: height - bottom, y2: height - bottom + 4, stroke: '#4b5459' });
    el(
      'text',
      { x: x(t), y: height - bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#3d4448' },
      t.toFixed(2),
    );
  }
  el(
    'text',
    {
      x: (left + width - right) / 2,
      y: height - 6,
      'text-anchor': 'middle',
      'font-size': 12,
      fill: '#1b1b1b',
    },
    'Information fraction t',
  );
  const path = (sign: number, list: typeof points) =>
    list
      .map(
        (p, i) =>
          `${i === 0 ? 'M' : 'L'}${x(p.look.informationFraction).toFixed(1)},${y(sign * p.look.boundary).toFixed(1)}`,
      )
      .join(' ');
  const published = points.filter((p) => !p.next);
  for (const sign of [1, -1]) {
    if (published.length > 1)
      el('path', {
        d: path(sign, published),
        fill: 'none',
        stroke: '#a23b00',
        'stroke-width': 2,
        class: 'boundary-line',
      });
    if (m.next && published.length > 0)
      el('path', {
        d: path(sign, [published[published.length - 1], points[points.length - 1]]),
        fill: 'none',
        stroke: '#a23b00',
        'stroke-width': 2,
        'stroke-dasharray': '4 3',
      });
    for (const p of points)
      el('rect', {
        x: x(p.look.informationFraction) - 4,
        y: y(sign * p.look.boundary) - 1.5,
        width: 8,
        height: 3,
        fill: '#a23b00',
        class: 'boundary-mark',
      });
  }
  el(
    'text',
    {
      x: 12,
      y: (top + height - bottom) / 2,
      'text-anchor': 'middle',
      'font-size': 12,
      fill: '#1b1b1b',
      transform: `rotate(-90 12 ${(top + height - bottom) / 2})`,
    },
    'Z (positive favours IPS)',
  );
  // legend, top right
  const lx = width - right - 190;
  el('line', { x1: lx, x2: lx + 18, y1: top + 8, y2: top + 8, stroke: '#a23b00', 'stroke-width': 2 });
  el('text', { x: lx + 24, y: top + 12, 'font-size': 11, fill: '#1b1b1b' }, 'boundary (\u00b1)');
  el('circle', { cx: lx + 9, cy: top + 24, r: 4, fill: '#005a8c' });
  el('text', { x: lx + 24, y: top + 28, 'font-size': 11, fill: '#1b1b1b' }, 'Z at a look');
  if (m.next) {
    el('circle', { cx: lx + 9, cy: top + 40, r: 4, fill: '#ffffff', stroke: '#005a8c', 'stroke-width': 2 });
    el('text', { x: lx + 24, y: top + 44, 'font-size': 11, fill: '#1b1b1b' }, 'Z if reported now');
  }
  for (const p of points)
    el('circle', {
      cx: x(p.look.informationFraction),
      cy: y(p.look.z),
      r: 5,
      fill: p.next ? '#ffffff' : '#005a8c',
      stroke: '#005a8c',
      'stroke-width': 2,
      class: p.next ? 'z-point next' : 'z-point',
      'data-z': p.look.z,
      'data-t': p.look.informationFraction,
    });
  return svg;
}

function renderDataQuality(dq: DataQualitySummary, names: SiteNames): void {
  const holder = byId('data-quality');
  holder.textContent = '';
  holder.appendChild(
    make(
      'p',
      'note',
      dq.count === 0
        ? 'No open data-quality findings.'
        : `${V.count(dq.count)} open findings: problems in what sites sent that the outcomes had to work around (for example a second randomisation). They cover every date and are not affected by the as-of date or the filters.`,
    ),
  );
  if (dq.count === 0) return;
  const byCount = (counts: Record<string, number>) => (a: string, b: string) =>
    counts[b] - counts[a] || (a < b ? -1 : 1);
  const codes = Object.keys(dq.byCode).sort(byCount(dq.byCode));
  const sites = Object.keys(dq.bySite).sort(byCount(dq.bySite));
  const pair = make('div', 'pair');
  pair.appendChild(
    table({
      id: 'dq-by-code',
      caption: 'Findings by kind',
      columns: [{ label: 'Kind' }, { label: 'Findings' }],
      rows: codes.map((c) => ({ label: V.findingLabel(c), cells: [V.plain(dq.byCode[c])] })),
    }),
  );
  pair.appendChild(
    table({
      id: 'dq-by-site',
      caption: 'Findings by site',
      columns: [{ label: 'Site' }, { label: 'Findings' }],
      rows: sites.map((s) => ({ label: names[s] || s, cells: [V.plain(dq.bySite[s])] })),
    }),
  );
  holder.appendChild(pair);
}

// ---- start ----
showSignedIn(false);
if (dashboardKey.get()) void start();
