import { EVENT_TYPES } from '@ips/contracts';
import { loadPageAssets, scriptedPage, type PageAssets, type ScriptedPage } from '@ips/platform';
import { escapeHtml } from '@ips/presentation';
import { templateFileName } from '../events/csv-templates/csv-template';
import { SITE_PAGE_MAX_FILE_BYTES } from '../events/record-events/csv-format';

// GET /site: the trial site's page (issue 17), built like the evaluator dashboard
// (@ips/platform scriptedPage; browser code in browser/, bundled by scripts/build-pages.js).
// It holds no data and no key: the data manager pastes the site's key, kept in the tab, and
// the page calls this service's public API with it — GET /v1/keys/current to sign in,
// POST /v1/events/csv to upload, GET /v1/sites/{siteId}/data-quality for the findings, and
// the CSV templates at /v1/events/csv/templates/{type}.csv.

const TEMPLATE_NOTES: Record<(typeof EVENT_TYPES)[number], string> = {
  'participant.referred': 'a referral: condition, source, employment status (age band and sex optional)',
  'participant.eligibility_assessed': 'the eligibility assessment: eligible true or false',
  'participant.consented': 'consent to the trial (no data columns)',
  'participant.randomised': 'the randomisation: arm ips or usual_care',
  'participant.withdrawn': 'a withdrawal and its reason',
  'job.started': 'a job start: jobId, hours a week, competitive (wage and SOC code optional)',
  'job.hours_changed': 'new weekly hours of a job',
  'job.ended': 'the end of a job and its reason',
  'job.retention_checked': 'a check that the person is still in that job',
  'event.retracted': 'takes back an earlier event by its eventId',
  'wellbeing.measured': 'a wellbeing score: instrument and score',
};

function templates(): string {
  const items = EVENT_TYPES.map(
    (type) =>
      `<li><a href="v1/events/csv/templates/${escapeHtml(type)}.csv" download="${escapeHtml(templateFileName(type))}"><code>${escapeHtml(type)}</code></a> — ${escapeHtml(TEMPLATE_NOTES[type])}</li>`,
  ).join('\n');
  return `<section aria-labelledby="templates-title"><h2 id="templates-title">Templates</h2>
<p>One CSV per event type, with its columns and one example row. Events of different types can share one file: put every column you need in the header and leave the cells a row does not use empty. Replace the example with your own events, each with a new <code>eventId</code> (a UUID).</p>
<ul id="templates" class="templates">
${items}
</ul>
</section>`;
}

const INTRO = `<div id="intro" class="intro">
<h2>Sign in with your site’s key</h2>
<p>Paste the API key of your site above. With it this page uploads your events and shows what the evaluation found in them — for your site only.</p>
<ul>
<li>The key stays in this browser tab (session storage) until you sign out or close the tab. It is sent only to this service, in the <code>Authorization</code> header, never in a link.</li>
<li>Upload a CSV exported from your case-management system or spreadsheet: one event a row, with the columns of the templates below. Each row comes back accepted, a duplicate (sent before), or refused with the field and the rule it broke.</li>
</ul>
</div>`;

function body(): string {
  const maxMb = Math.round(SITE_PAGE_MAX_FILE_BYTES / (1024 * 1024));
  return `<header class="masthead"><div class="masthead-inner">
<div><p class="kicker">ips-outcomes · site page</p><h1>Upload events and fix data quality</h1></div>
<form id="signin" class="signin" novalidate>
<label for="key">Site API key</label>
<input id="key" type="password" autocomplete="off" autocapitalize="off" spellcheck="false" placeholder="ipsk_…" aria-describedby="key-help">
<button type="submit">Sign in</button>
<p id="key-help" class="help">Kept in this tab only; sent in the Authorization header, never in a link.</p>
</form>
<div id="account" class="account" hidden><span class="account-state">Signed in as <strong id="site-name"></strong></span><button type="button" id="signout">Sign out</button><p class="help">The key is kept in this tab until you sign out.</p></div>
</div></header>
<main id="main" tabindex="-1" aria-busy="false">
<p id="status" class="status" role="status" aria-live="polite"></p>
<div id="error" class="error" role="alert" hidden></div>
${INTRO}
<div id="workspace" hidden>
<section aria-labelledby="upload-title"><h2 id="upload-title">Upload a CSV</h2>
<div id="drop" class="drop">
<p><label for="file" class="file-label">Choose a CSV file</label> or drop it here.</p>
<input id="file" type="file" accept=".csv,text/csv">
<p class="help">One event a row, header in row 1. Up to ${maxMb} MB here; larger files go to the API directly (<code>POST /v1/events/csv</code>) or in parts.</p>
</div>
<div id="progress-box" class="progress-box" hidden><label for="progress" id="progress-label">Uploading</label> <progress id="progress" max="100" value="0"></progress> <span id="progress-text"></span></div>
<div id="answer" hidden>
<h3 id="answer-title">The answer, row by row</h3>
<dl id="summary" class="summary"></dl>
<p id="answer-note" class="note"></p>
<div class="actions"><button type="button" id="download-refused" hidden>Download the refused rows (CSV)</button></div>
<div id="rows"></div>
</div>
</section>
<section aria-labelledby="dq-title"><h2 id="dq-title">Data quality</h2>
<p class="help">Problems the evaluation had to work around in the events already received: they are counted as the rules say, but should be put right. New uploads show here once they have been processed (usually within seconds).</p>
<div class="actions"><button type="button" id="dq-refresh" class="secondary">Check again</button></div>
<div id="data-quality"></div>
</section>
${templates()}
</div>
</main>`;
}

/** The page around a built script and stylesheet, with the policy that admits exactly them. */
export function buildSitePage(assets: PageAssets): ScriptedPage {
  return scriptedPage({
    title: 'IPS trial · site page',
    body: body(),
    assets,
    what: 'the site page',
  });
}

let page: ScriptedPage | undefined;

/** The same for everyone and every request: built once, from the bundle beside this module. */
export function sitePage(): ScriptedPage {
  page ??= buildSitePage(loadPageAssets('site', __filename));
  return page;
}
