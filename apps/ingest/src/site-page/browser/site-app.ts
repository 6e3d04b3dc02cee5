import {
  ApiFailure,
  apiRequest,
  apiUpload,
  byId,
  fieldErrorsOf,
  make,
  messageOf,
  saveFile,
  SessionKey,
  wireSignIn,
  statusOf,
  type ErrorBody,
} from '@ips/browser';
import { findingGuide } from '@ips/presentation';
import { parse } from 'csv-parse/browser/esm/sync';
import {
  answerRows,
  decodeCsv,
  fileProblem,
  prepareUpload,
  refusedRowsCsv,
  type CsvUploadAnswer,
  type PreparedUpload,
  type UploadAnswer,
} from './upload-model';

// The site page's browser side (issue 17): sign in with the site's key, upload a CSV through
// POST /v1/events/csv and show the answer on the spreadsheet's rows, give back the refused
// rows as a CSV, and list the site's open data-quality findings. Everything from the API
// reaches the page as text nodes (textContent), never as markup. Bundled by esbuild into
// one script (scripts/build-pages.js) that the page carries inline.

const siteKey = new SessionKey('ips-outcomes.site.key');
const ROWS_SHOWN = 2000;
const OUTCOME_WORDS = { accepted: 'Accepted', duplicate: 'Duplicate (sent before)', refused: 'Refused' };

interface CurrentKey {
  role: string;
  site: { siteId: string; name: string; trialId: string; trialName: string } | null;
}
interface SiteFinding {
  participantId: string;
  code: string;
  eventId: string;
  occurredOn: string;
  message: string;
}
interface SiteDataQuality {
  siteId: string;
  count: number;
  findings: SiteFinding[];
}

let site: CurrentKey['site'] = null;
let lastUpload: { name: string; prepared: PreparedUpload; answer: UploadAnswer } | null = null;
let busy = false;

// ---- messages ----

function setStatus(text: string): void {
  byId('status').textContent = text;
}

function showError(text: string, details: string[] = []): void {
  const box = byId('error');
  box.replaceChildren();
  box.hidden = !text;
  if (!text) return;
  box.append(make('p', null, text));
  if (details.length) {
    const list = make('ul');
    for (const d of details) list.append(make('li', null, d));
    box.append(list);
  }
}

function describe(status: number, body: ErrorBody | null): string {
  const message = body && typeof body.message === 'string' ? body.message : '';
  if (status === 401) return 'The key was not accepted (unknown, revoked or mistyped). Sign in again.';
  if (status === 403) return `This key may not do that${message ? `: ${message}` : ''}.`;
  if (status === 413)
    return `The file is too large for the service${message ? ` (${message})` : ''}. Split it into smaller files.`;
  if (status === 429) return 'Too many requests with this key just now. Wait a moment, then try again.';
  if (status === 408 || status === 503)
    return `The upload stopped: ${message || 'the service is unavailable'}. Upload the same file again in a moment — the rows already accepted come back as duplicates, nothing is counted twice.`;
  if (status === 400) return `The file was not accepted: ${message || 'invalid request'}.`;
  return `The service answered ${status}${message ? ` (${message})` : ''}.`;
}

// ---- signing in and out ----

function showSignedIn(signedIn: boolean): void {
  byId('signin').hidden = signedIn;
  byId('account').hidden = !signedIn;
  byId('intro').hidden = signedIn;
  byId('workspace').hidden = !signedIn;
}

function signOut(message?: string): void {
  siteKey.clear();
  site = null;
  lastUpload = null;
  byId('answer').hidden = true;
  byId('data-quality').replaceChildren();
  showSignedIn(false);
  setStatus('');
  showError(message ?? '');
  byId('key').focus();
}

async function start(): Promise<void> {
  showError('');
  setStatus('Checking the key\u2026');
  let current: CurrentKey;
  try {
    current = (await (await apiRequest('v1/keys/current', siteKey.get(), describe)).json()) as CurrentKey;
  } catch (e) {
    signOut(messageOf(e));
    return;
  }
  if (current.role !== 'site' || !current.site) {
    signOut(
      current.role === 'site'
        ? 'This site key is not attached to a site of any trial.'
        : 'This page is for a trial site’s key. Evaluators and programme leads read the outcomes on /dashboard.',
    );
    return;
  }
  site = current.site;
  byId('site-name').textContent = `${site.name} (${site.siteId}), ${site.trialName}`;
  showSignedIn(true);
  setStatus(`Signed in for ${site.name}.`);
  await loadDataQuality();
}

wireSignIn({
  key: siteKey,
  emptyMessage: 'Paste your site’s API key first.',
  showError: (text) => showError(text),
  start: () => void start(),
  signOut,
});

// ---- uploading ----

const input = byId<HTMLInputElement>('file');
input.addEventListener('change', () => {
  const file = input.files?.[0];
  input.value = '';
  if (file) void upload(file);
});

const drop = byId('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  drop.classList.add('is-over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('is-over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('is-over');
  const files = event.dataTransfer?.files;
  if (!files || files.length === 0) return;
  if (files.length > 1) {
    showError('Drop one file at a time.');
    return;
  }
  void upload(files[0]);
});

function setProgress(loaded: number, total: number, label: string): void {
  byId('progress-box').hidden = false;
  byId('progress-label').textContent = label;
  const bar = byId<HTMLProgressElement>('progress');
  const percent = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
  bar.value = percent;
  byId('progress-text').textContent = `${percent}% of ${(total / 1024).toFixed(total < 10240 ? 1 : 0)} KB`;
}

function refuse(text: string, details: string[] = []): void {
  byId('answer').hidden = true;
  byId('progress-box').hidden = true;
  setStatus('');
  showError(text, details);
}

async function upload(file: File): Promise<void> {
  if (busy) {
    showError('An upload is still running; wait for its answer.');
    return;
  }
  showError('');
  const problem = fileProblem(file.name, file.size);
  if (problem) return refuse(problem);
  busy = true;
  byId('main').setAttribute('aria-busy', 'true');
  try {
    setStatus(`Reading ${file.name}\u2026`);
    const decoded = decodeCsv(file.name, new Uint8Array(await file.arrayBuffer()));
    if ('problem' in decoded) return refuse(decoded.problem);
    const prepared = prepareUpload(file.name, decoded.text, parse);
    if ('problem' in prepared) return refuse(prepared.problem);
    setStatus(`Uploading ${file.name} (${prepared.rows.length.toLocaleString('en-GB')} rows)\u2026`);
    const body = new Blob([prepared.text], { type: 'text/csv' });
    setProgress(0, body.size, `Uploading ${file.name}`);
    let raw: unknown;
    try {
      raw = await apiUpload(
        'v1/events/csv?listDuplicates=true',
        siteKey.get(),
        body,
        'text/csv',
        describe,
        (p) =>
          setProgress(
            p.loaded,
            p.total,
            p.loaded < p.total ? `Uploading ${file.name}` : 'Waiting for the answer',
          ),
      );
    } catch (e) {
      if (statusOf(e) === 401) return signOut(messageOf(e));
      const details = e instanceof ApiFailure ? fieldErrorsOf(e.body).map((d) => d.message) : [];
      return refuse(messageOf(e), details);
    }
    byId('progress-box').hidden = true;
    const answer = answerRows(prepared, raw as CsvUploadAnswer);
    lastUpload = { name: file.name, prepared, answer };
    showAnswer(file.name, prepared, answer);
    setStatus(
      `${file.name}: ${answer.accepted} accepted, ${answer.duplicates} duplicates, ${answer.refused} refused.`,
    );
    void loadDataQuality();
  } finally {
    busy = false;
    byId('main').setAttribute('aria-busy', 'false');
  }
}

function showAnswer(name: string, prepared: PreparedUpload, answer: UploadAnswer): void {
  byId('answer').hidden = false;
  byId('answer-title').textContent = `The answer for ${name}, row by row`;
  const summary = byId('summary');
  summary.replaceChildren();
  for (const [label, value, id] of [
    ['Rows', prepared.rows.length, 'count-rows'],
    ['Accepted', answer.accepted, 'count-accepted'],
    ['Duplicates (sent before)', answer.duplicates, 'count-duplicates'],
    ['Refused', answer.refused, 'count-refused'],
  ] as const) {
    const item = make('div', 'fact');
    item.id = id;
    item.append(make('dt', null, label), make('dd', null, value.toLocaleString('en-GB')));
    summary.append(item);
  }
  const notes: string[] = [];
  if (prepared.droppedErrorsColumn)
    notes.push('The file’s last column, errors (from a refused-rows download), was left out of the upload.');
  if (prepared.rows.length === 0) notes.push('The file has a header but no event rows.');
  if (!answer.complete)
    notes.push(
      'More than 10,000 rows were refused or duplicates: the first 10,000 of each are itemised, so some rows shown as accepted may be duplicates.',
    );
  if (answer.refused > 0)
    notes.push(
      'Download the refused rows, correct them (the errors column says what is wrong with each), and upload that file again: the errors column is left out by this page.',
    );
  byId('answer-note').textContent = notes.join(' ');
  byId('download-refused').hidden = answer.refused === 0;

  const refusedFirst = [
    ...answer.rows.filter((r) => r.outcome === 'refused'),
    ...answer.rows.filter((r) => r.outcome !== 'refused'),
  ];
  const shown = answer.rows.length <= ROWS_SHOWN ? answer.rows : refusedFirst.slice(0, ROWS_SHOWN);
  const table = make('table', 'rows-table');
  table.id = 'rows-table';
  table.append(
    make(
      'caption',
      null,
      answer.rows.length <= ROWS_SHOWN
        ? 'Every row of the file, by its row number in the spreadsheet (the header is row 1)'
        : `The first ${ROWS_SHOWN.toLocaleString('en-GB')} rows, refused ones first (row numbers as in the spreadsheet; the header is row 1)`,
    ),
  );
  const head = make('thead');
  const headRow = make('tr');
  for (const h of ['Row', 'Answer', 'eventId', 'Field', 'Rule']) {
    const th = make('th', null, h);
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
  const body = make('tbody');
  for (const r of shown) {
    const errors = r.errors.length ? r.errors : [{ path: '', message: '' }];
    errors.forEach((e, i) => {
      const tr = make('tr', `row-${r.outcome}`);
      tr.dataset.row = String(r.row);
      if (i === 0) {
        const th = make('th', null, r.row);
        th.scope = 'row';
        th.rowSpan = errors.length;
        const outcome = make('td', `outcome outcome-${r.outcome}`, OUTCOME_WORDS[r.outcome]);
        outcome.rowSpan = errors.length;
        const eventId = make('td', 'event-id', r.eventId);
        eventId.rowSpan = errors.length;
        tr.append(th, outcome, eventId);
      }
      tr.append(
        make('td', 'field', e.path || (r.outcome === 'refused' ? '(the row)' : '')),
        make('td', 'rule', e.message),
      );
      body.append(tr);
    });
  }
  table.append(head, body);
  const wrap = make('div', 'table-wrap');
  wrap.append(table);
  byId('rows').replaceChildren(wrap);
}

byId('download-refused').addEventListener('click', () => {
  if (!lastUpload) return;
  const { name, prepared, answer } = lastUpload;
  const base = name.replace(/\.csv$/i, '');
  const file = `${base}-refused-rows.csv`;
  saveFile(new Blob([refusedRowsCsv(prepared, answer)], { type: 'text/csv' }), file);
  setStatus(
    `Downloaded ${file}: ${answer.refused} refused rows, each with what was wrong in the errors column.`,
  );
});

// ---- data quality ----

byId('dq-refresh').addEventListener('click', () => void loadDataQuality());

async function loadDataQuality(): Promise<void> {
  if (!site) return;
  const box = byId('data-quality');
  box.setAttribute('aria-busy', 'true');
  try {
    const dq = (await (
      await apiRequest(`v1/sites/${encodeURIComponent(site.siteId)}/data-quality`, siteKey.get(), describe)
    ).json()) as SiteDataQuality;
    showDataQuality(dq);
  } catch (e) {
    if (statusOf(e) === 401) return signOut(messageOf(e));
    box.replaceChildren(make('p', 'error-inline', `The findings could not be read: ${messageOf(e)}`));
  } finally {
    box.setAttribute('aria-busy', 'false');
  }
}

function showDataQuality(dq: SiteDataQuality): void {
  const box = byId('data-quality');
  if (dq.findings.length === 0) {
    box.replaceChildren(make('p', 'dq-none', 'No open findings: nothing to put right.'));
    return;
  }
  const byCode = new Map<string, SiteFinding[]>();
  for (const f of dq.findings) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  const kinds = [...byCode].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const participants = new Set(dq.findings.map((f) => f.participantId)).size;
  const parts: HTMLElement[] = [
    make(
      'p',
      'dq-summary',
      `${dq.count.toLocaleString('en-GB')} open findings about ${participants.toLocaleString('en-GB')} participants, of ${kinds.length} kinds.`,
    ),
  ];
  for (const [code, findings] of kinds) {
    const guide = findingGuide(code);
    const section = make('section', 'finding-kind');
    section.dataset.code = code;
    const title = make('h3', null, `${guide.title} (${findings.length})`);
    const fix = make('p', 'fix');
    fix.append(make('strong', null, 'How to fix: '), document.createTextNode(guide.fix));
    const table = make('table', 'findings-table');
    table.append(make('caption', 'visually-hidden', guide.title));
    const head = make('tr');
    for (const h of ['Participant', 'Event', 'Dated', 'What was found']) {
      const th = make('th', null, h);
      th.scope = 'col';
      head.append(th);
    }
    const thead = make('thead');
    thead.append(head);
    const tbody = make('tbody');
    const sorted = [...findings].sort(
      (a, b) => a.participantId.localeCompare(b.participantId) || a.occurredOn.localeCompare(b.occurredOn),
    );
    for (const f of sorted) {
      const tr = make('tr');
      const th = make('th', null, f.participantId);
      th.scope = 'row';
      tr.append(
        th,
        make('td', 'event-id', f.eventId),
        make('td', null, f.occurredOn),
        make('td', null, f.message),
      );
      tbody.append(tr);
    }
    table.append(thead, tbody);
    const wrap = make('div', 'table-wrap');
    wrap.append(table);
    section.append(title, fix, wrap);
    parts.push(section);
  }
  box.replaceChildren(...parts);
}

// ---- start ----

if (siteKey.get()) void start();
else showSignedIn(false);
