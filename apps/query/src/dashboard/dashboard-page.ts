import {
  ARMS,
  COHORT_GRANULARITIES,
  CONDITIONS,
  EMPLOYMENT_STATUSES,
  GROUP_DIMENSIONS,
} from '@ips/contracts';
import { loadPageAssets, scriptedPage, type PageAssets, type ScriptedPage } from '@ips/platform';
import { COHORT_GRANULARITY_LABELS, DIMENSION_LABELS, escapeHtml, VALUE_LABELS } from '@ips/presentation';

// GET /dashboard: one static, public, self-contained page (@ips/platform scriptedPage). It
// holds no data and no key: the evaluator pastes a key, which stays in the tab's
// sessionStorage, and the page's script calls the JSON API with it in the Authorization
// header. The script and the stylesheet are built from browser/ by esbuild
// (scripts/build-pages.js, part of `npm run build`).

export type DashboardPage = ScriptedPage;
/** The built script and stylesheet (scripts/build-pages.js), for a page. */
export type DashboardAssets = PageAssets;

function options(
  values: readonly string[],
  labels: Readonly<Record<string, string>>,
  first: string | null,
): string {
  const head = first === null ? '' : `<option value="">${escapeHtml(first)}</option>`;
  return (
    head +
    values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(labels[v] ?? v)}</option>`).join('')
  );
}

function controls(): string {
  const groupBy = GROUP_DIMENSIONS.map(
    (d) =>
      `<label><input type="checkbox" name="groupBy" value="${escapeHtml(d)}"${d === 'arm' ? ' checked' : ''}> ${escapeHtml(DIMENSION_LABELS[d])}</label>`,
  ).join('');
  const filter = (dimension: string, label: string, body: string) =>
    `<div class="field"><label for="filter-${dimension}">${escapeHtml(label)}</label><select id="filter-${dimension}">${body}</select></div>`;
  return `<aside class="controls" aria-labelledby="controls-title">
<h2 id="controls-title">What to show</h2>
<form id="controls" novalidate>
<fieldset id="control-set" disabled>
<div class="field trial"><label for="trial">Trial</label><select id="trial"></select></div>
<div class="field as-of"><label for="asOf">As of</label><input id="asOf" type="date" required aria-describedby="asOf-help"><p id="asOf-help" class="help">Only events dated on or before this day count.</p></div>
<fieldset class="group group-by"><legend>Group by</legend><div class="checks">${groupBy}</div></fieldset>
<div class="field cohort-by"><label for="cohortBy">Cohorts by</label><select id="cohortBy">${options(COHORT_GRANULARITIES, COHORT_GRANULARITY_LABELS, null).replace('value="quarter"', 'value="quarter" selected')}</select><p class="help">Cohort: when people were randomised (or referred, if never randomised).</p></div>
<fieldset class="group filters"><legend>Filters</legend>
${filter('site', 'Site', '<option value="">All sites</option>')}
${filter('condition', 'Condition', options(CONDITIONS, VALUE_LABELS.condition, 'All conditions'))}
${filter('arm', 'Arm', options(ARMS, VALUE_LABELS.arm, 'Both arms'))}
${filter('employmentStatus', 'Employment at referral', options(EMPLOYMENT_STATUSES, VALUE_LABELS.employmentStatus, 'Any status'))}
${filter('cohort', 'Cohort', '<option value="">All cohorts</option>')}
</fieldset>

<div class="actions"><button type="button" id="download">Download CSV</button><button type="button" id="reset" class="secondary">Clear filters</button>
<div id="analysis-export" class="analysis-export" hidden><button type="button" id="export-analysis" class="secondary">Download analysis dataset</button><label class="check"><input type="checkbox" id="export-shift"> Shift dates</label><p class="help">Pseudonymised participant-level data of the whole trial as of the date above, with a data dictionary and R and Stata loaders. Every export is logged.</p></div></div>
</fieldset>
</form>
</aside>`;
}

const INTRO = `<div id="intro" class="intro">
<h2>Sign in to see a trial’s outcomes</h2>
<p>Paste an evaluator, programme-lead or site API key above. A site key shows its own site only.</p>
<ul>
<li>The key stays in this browser tab (session storage) until you sign out or close the tab. It is sent only to this service, in the <code>Authorization</code> header, never in a link.</li>
<li>The view — trial, as-of date, grouping and filters — is kept in the page address, so you can share a link to it. The link never holds the key.</li>
<li>These are the evaluator’s figures: real counts, not disclosure-controlled. Do not share them outside the evaluation team.</li>
</ul>
</div>`;

const NOTES = `<section aria-labelledby="notes-title"><h2 id="notes-title">About these figures</h2>
<dl class="definitions">
<dt>Who is counted</dt><dd>Intention to treat: everyone randomised, in the arm they were assigned, including people who later withdrew. Referral counts include people never randomised.</dd>
<dt>As-of date</dt><dd>Only events dated on or before it count, so a past date shows the trial as it stood then. Follow-up is measured from randomisation for at most 365 days.</dd>
<dt>12-month outcomes</dt><dd>Over people randomised at least 365 days before the as-of date. Withdrawn people stay in the denominator (no job is no job).</dd>
<dt>Time to first job</dt><dd>Kaplan–Meier, from randomisation to the first competitive job; people are censored at the as-of date, withdrawal or 365 days. Shown as the share who had found a job (1 − S) with 95% log-log intervals, as R’s <code>survfit</code>.</dd>
<dt>Intervals</dt><dd>Proportions: Wilson score. IPS − usual care: Newcombe hybrid score (method 10), in percentage points (pp).</dd>
<dt>Log-rank test</dt><dd>Do people in the two arms find a first job at the same pace? It compares the first jobs each arm had with those it would have had if IPS made no difference (expected), site by site. The p-value is how often chance alone would give a gap at least as large; below 0.05 is the usual bar.</dd>
<dt>Hazard ratio</dt><dd>How many times as fast people offered IPS found a first job as people in usual care, at any point in the year, comparing people at the same site (a Cox model). 1 means no difference; 1.5 means half as fast again. If its 95% interval includes 1, the difference could be chance.</dd>
<dt>Stratified by site</dt><dd>Randomisation was balanced within each site, and sites differ (local jobs, services). The site-stratified difference compares IPS with usual care within each site and then combines the sites (Mantel–Haenszel), so a site with more of one arm cannot tilt the result. The unstratified difference pools everyone; when the two agree, site mix is not distorting the picture.</dd>
<dt>Interim monitoring</dt><dd>Looking at the results every month and acting on the first “significant” difference would find false effects far more often than 1 in 20. The plan fixes the rule in advance: at each look, the difference (Z, the stratified difference divided by its standard error) must cross an O’Brien–Fleming boundary that is very strict early (about 4 or more) and close to the usual 1.96 at the end. The information fraction is the share of the planned participants already followed up for 12 months; the nominal p is the p-value a look must beat; alpha spent is how much of the false-positive allowance (usually 5%) the looks have used so far. A look is frozen when its report is published.</dd>
<dt>Missing figures</dt><dd>${escapeHtml('—')} means there is nothing to estimate yet (for example nobody with full follow-up, or nobody still at risk); hover over it, or read it with a screen reader, for the reason.</dd>
<dt>Download</dt><dd>The CSV holds the same groups with every figure in full precision (DESIGN §7).</dd>
</dl>
</section>`;

function body(): string {
  return `<header class="masthead"><div class="masthead-inner">
<div><p class="kicker">ips-outcomes · evaluator dashboard</p><h1>IPS trial outcomes</h1></div>
<form id="signin" class="signin" novalidate>
<label for="key">API key</label>
<input id="key" type="password" autocomplete="off" autocapitalize="off" spellcheck="false" placeholder="ipsk_…" aria-describedby="key-help">
<button type="submit">Sign in</button>
<p id="key-help" class="help">Kept in this tab only; sent in the Authorization header, never in a link.</p>
</form>
<div id="account" class="account" hidden><span class="account-state">Signed in</span><button type="button" id="signout">Sign out</button><p class="help">The key is kept in this tab until you sign out.</p></div>
</div></header>
<div class="layout">
${controls()}
<main id="main" tabindex="-1" aria-busy="false">
<p id="status" class="status" role="status" aria-live="polite"></p>
<div id="error" class="error" role="alert" hidden></div>
${INTRO}
<div id="results" hidden>
<section aria-labelledby="overview-title"><h2 id="overview-title">Overview</h2><dl id="context" class="context"></dl><div id="cards" class="cards"></div><p id="follow-up-note" class="note"></p></section>
<section aria-labelledby="effects-title"><h2 id="effects-title">Effect of IPS at 12 months</h2><div id="effects"></div></section>
<section aria-labelledby="curves-title"><h2 id="curves-title">Time to first job, by arm</h2><figure><div id="chart"></div><figcaption id="chart-caption"></figcaption></figure><div id="at-risk"></div></section>
<section aria-labelledby="comparisons-title"><h2 id="comparisons-title">Comparing the arms: tests and site-by-site estimates</h2><div id="comparisons"></div></section>
<section aria-labelledby="monitoring-title"><h2 id="monitoring-title">Interim monitoring</h2><p class="help">The whole trial, whatever the filters: is the difference strong enough to act on yet?</p><div id="monitoring"></div></section>
<section aria-labelledby="wellbeing-title"><h2 id="wellbeing-title">Health and wellbeing at 12 months, by arm</h2><div id="wellbeing"></div></section>
<section aria-labelledby="tables-title"><h2 id="tables-title">Outcomes by group</h2><p id="grouping-note"></p><div id="tables"></div></section>
<section aria-labelledby="dq-title"><h2 id="dq-title">Data quality</h2><div id="data-quality"></div></section>
${NOTES}
</div>
</main>
</div>`;
}

/** The page around a built script and stylesheet, with the policy that admits exactly them. */
export function buildDashboardPage(assets: DashboardAssets): DashboardPage {
  return scriptedPage({
    title: 'IPS trial outcomes · evaluator dashboard',
    body: body(),
    assets,
    what: 'the dashboard',
  });
}

let page: DashboardPage | undefined;

/** The page is the same for everyone and every request: built once, from the bundle beside this module. */
export function dashboardPage(): DashboardPage {
  page ??= buildDashboardPage(loadPageAssets('dashboard', __filename));
  return page;
}
