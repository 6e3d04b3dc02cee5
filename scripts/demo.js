// The demo `npm start` runs once the apps are up: a demo trial with two sites, a simulated
// trial of a few thousand participants streamed through the ingest API by the simulator
// (as a real site client would), a monitoring plan, two interim looks and a first-year
// report, and where to look. A second start reuses the trial, its keys, its data and reports.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const TRIAL = 'demo-hlt-2017';
const START_DATE = '2017-07-01';
const PARTICIPANTS = Number(process.env.DEMO_PARTICIPANTS || 3000);
const LEAD_EMAIL = process.env.DEMO_EMAIL || 'programme.lead@example.org';
// The first-year report is as of the trial's first anniversary, when nobody has a full year
// of follow-up yet (recruitment starts with the trial): too early for a look of the
// monitoring plan. Two interim reports as of later dates are the plan's first looks.
const FIRST_YEAR_AS_OF = '2018-07-01';
const INTERIM_LOOKS = ['2019-01-01', '2019-04-01'];
// where the apps listen: the same settings (and defaults) as the apps and scripts/start.js
const appUrl = (name, port) => `http://127.0.0.1:${process.env[`${name}_PORT`] || port}`;
const INGEST = appUrl('INGEST', 3001);
const QUERY = appUrl('QUERY', 3002);
const REPORTING = appUrl('REPORTING', 3003);

async function api(method, url, key, body) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

function simulator(repo, args) {
  const r = spawnSync(
    process.execPath,
    ['-r', './scripts/register-aliases.js', 'dist/apps/simulator/src/main.js', ...args],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`simulator ${args[0]} failed (exit ${r.status}): ${r.stdout}`);
  return r.stdout;
}

/** Evaluator and programme-lead keys for the demo, made once and kept in .run/demo (mode 0600). */
async function readerKeys(file, adminKey) {
  if (fs.existsSync(file)) {
    const keys = JSON.parse(fs.readFileSync(file, 'utf8'));
    const ok = await fetch(`${QUERY}/v1/trials`, {
      headers: { authorization: `Bearer ${keys.evaluator}` },
    });
    if (ok.status === 200) return keys;
  }
  const evaluator = (await api('POST', `${INGEST}/v1/keys`, adminKey, { role: 'evaluator' })).apiKey;
  const programmeLead = (await api('POST', `${INGEST}/v1/keys`, adminKey, { role: 'programme_lead' })).apiKey;
  fs.writeFileSync(file, JSON.stringify({ evaluator, programmeLead }, null, 2), { mode: 0o600 });
  return { evaluator, programmeLead };
}

async function referredCount(evaluatorKey) {
  const outcomes = await api('GET', `${QUERY}/v1/trials/${TRIAL}/outcomes`, evaluatorKey);
  return outcomes.groups[0].flow.referred;
}

/**
 * DESIGN §6c: the demo trial's monitoring plan, set once (a plan cannot change after its
 * first look): the primary outcome of the health-led trials, and as many participants as
 * were randomised, so the information fraction of a look is the share followed up a year.
 */
async function monitoringPlan(leadKey, evaluatorKey) {
  const url = `${REPORTING}/v1/trials/${TRIAL}/monitoring`;
  const existing = await fetch(url, { headers: { authorization: `Bearer ${leadKey}` } });
  if (existing.status === 200) return (await existing.json()).plan;
  const outcomes = await api('GET', `${QUERY}/v1/trials/${TRIAL}/outcomes`, evaluatorKey);
  const randomised = outcomes.groups[0].flow.randomised;
  return (
    await api('PUT', url, leadKey, { primaryOutcome: 'worked13wIn12m', plannedParticipants: randomised })
  ).plan;
}

/** Waits until the projector has caught up: the referred count stops moving. */
async function settle(evaluatorKey) {
  let last = -1;
  for (let stable = 0; stable < 3;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await referredCount(evaluatorKey);
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

/**
 * The demo's programme lead subscribes an address to the trial's reports; with the local
 * mail sink, the demo follows the confirmation link in the message that arrives (as the
 * lead would). Returns the subscription, or null when it still waits for confirmation.
 */
async function subscribeLead(leadKey, mail) {
  const reporting = REPORTING;
  const { subscriptions } = await api('GET', `${reporting}/v1/email-subscriptions`, leadKey);
  let subscription = subscriptions.find(
    (s) => s.address === LEAD_EMAIL && s.trialId === TRIAL && s.status !== 'ended',
  );
  if (subscription?.status === 'confirmed') return subscription;
  // a confirmation sent by an earlier run is in an earlier mail box: start again
  if (subscription && mail)
    await api('DELETE', `${reporting}/v1/email-subscriptions/${subscription.subscriptionId}`, leadKey);
  if (!subscription || mail)
    subscription = await api('POST', `${reporting}/v1/email-subscriptions`, leadKey, {
      address: LEAD_EMAIL,
      trialId: TRIAL,
    });
  if (!mail) {
    process.stdout.write(
      `  a confirmation was sent to ${LEAD_EMAIL} through SMTP_URL: follow its link, then publish a report\n`,
    );
    return null;
  }
  const confirmation = await mail.waitFor(
    (m) => m.to.includes(LEAD_EMAIL) && /^Confirm/.test(m.parsed.subject ?? ''),
  );
  const link = /(http:\/\/\S+\/email\/confirm\?code=\S+)/.exec(confirmation.parsed.text ?? '')?.[1];
  if (!link) throw new Error('the confirmation e-mail has no link');
  // the link opens a page with a button; the button posts back to it
  const page = await fetch(link);
  if (page.status !== 200) throw new Error(`confirmation page: ${page.status}`);
  const done = await fetch(link, { method: 'POST' });
  if (done.status !== 200) throw new Error(`confirming: ${done.status}`);
  process.stdout.write(
    `  ${LEAD_EMAIL} confirmed by its link (the demo clicked it for the programme lead)\n`,
  );
  return api('GET', `${reporting}/v1/email-subscriptions/${subscription.subscriptionId}`, leadKey);
}

async function runDemo({ repo, runDir, adminKey, mail = null }) {
  const demoDir = path.join(runDir, 'demo');
  fs.mkdirSync(demoDir, { recursive: true });
  const keysFile = path.join(demoDir, 'site-keys.json');
  const adminKeyFile = path.join(demoDir, 'admin-key');
  fs.writeFileSync(adminKeyFile, adminKey, { mode: 0o600 });

  process.stdout.write(`\n▶ demo trial ${TRIAL}: two sites (Sheffield City Region, West Midlands)\n`);
  simulator(repo, [
    'setup',
    '--ingest-url',
    INGEST,
    '--admin-key-file',
    adminKeyFile,
    '--trial',
    TRIAL,
    '--start-date',
    START_DATE,
    '--site-prefix',
    'demo-',
    '--out',
    keysFile,
  ]);
  fs.rmSync(adminKeyFile);
  const sites = JSON.parse(fs.readFileSync(keysFile, 'utf8')).sites;
  const readers = await readerKeys(path.join(demoDir, 'reader-keys.json'), adminKey);

  if ((await referredCount(readers.evaluator)) > 0) {
    process.stdout.write('  the demo trial already has its data: reusing it\n');
  } else {
    process.stdout.write(
      `▶ streaming a simulated trial of ${PARTICIPANTS.toLocaleString('en-GB')} participants through the ingest API\n`,
    );
    const summary = JSON.parse(
      simulator(repo, [
        'send',
        '--ingest-url',
        INGEST,
        '--keys-file',
        keysFile,
        '--participants',
        String(PARTICIPANTS),
        '--seed',
        '2017',
        '--start-date',
        START_DATE,
        '--format',
        'ndjson',
        '--batch',
        '5000',
      ]),
    );
    process.stdout.write(
      `  accepted ${summary.accepted ?? '?'} events (${summary.duplicates ?? 0} duplicates, ${summary.rejected ?? 0} rejected)\n`,
    );
  }
  process.stdout.write('▶ waiting for the projector to catch up\n');
  const referred = await settle(readers.evaluator);
  process.stdout.write(`  ${referred.toLocaleString('en-GB')} participants referred\n`);

  process.stdout.write(`▶ the programme lead subscribes ${LEAD_EMAIL} to the trial's reports\n`);
  const subscription = await subscribeLead(readers.programmeLead, mail);

  const plan = await monitoringPlan(readers.programmeLead, readers.evaluator);
  process.stdout.write(
    `▶ monitoring plan: ${plan.primaryOutcome}, ${plan.plannedParticipants.toLocaleString('en-GB')} participants, alpha ${plan.alpha}\n`,
  );
  const reports = await api(
    'GET',
    `${REPORTING}/v1/reports?trialId=${TRIAL}&limit=100`,
    readers.programmeLead,
  );
  const list = Array.isArray(reports) ? reports : (reports.reports ?? []);
  // the scheduler may already have published a first-year report the moment the trial was
  // created (its anniversary is long past), before any data: the demo's reports are published
  // on demand, once, each a look of the plan when its information fraction allows
  const published = (type, asOf) =>
    list.find((r) => r.type === type && r.asOf === asOf && r.eventCount > 0 && r.definitionsVersion >= 2);
  const publish = (type, asOf) =>
    api('POST', `${REPORTING}/v1/trials/${TRIAL}/reports`, readers.programmeLead, { type, asOf });
  process.stdout.write('▶ publishing the first-year report\n');
  const report = published('first_year', FIRST_YEAR_AS_OF) ?? (await publish('first_year', FIRST_YEAR_AS_OF));
  let lastLook = null;
  for (const asOf of INTERIM_LOOKS) {
    lastLook = published('interim', asOf);
    if (lastLook) continue;
    process.stdout.write(`▶ publishing the interim report as of ${asOf} (a look of the monitoring plan)\n`);
    lastLook = await publish('interim', asOf);
  }
  let emailFile = null;
  if (mail && subscription) {
    const delivered = await mail
      .waitFor(
        (m) => m.to.includes(LEAD_EMAIL) && m.parsed.headers.get('x-ips-report-id') === report.id,
        180_000,
      )
      .catch(() => null);
    emailFile = delivered?.file ?? null;
  }
  const savePage = async (id, name) => {
    const html = await fetch(`${REPORTING}/v1/reports/${id}.html`, {
      headers: { authorization: `Bearer ${readers.programmeLead}` },
    });
    const file = path.join(demoDir, name);
    fs.writeFileSync(file, await html.text());
    return file;
  };
  const reportFile = await savePage(report.id, 'first-year-report.html');
  const interimFile = await savePage(lastLook.id, 'interim-report.html');

  const rel = (p) => path.relative(repo, p);
  process.stdout.write(`
Where to look
  evaluator page     ${QUERY}/dashboard   (sign in with the evaluator key below)
  site page          ${INGEST}/site   (sign in with the SITE key below; upload examples/site-upload.csv — one row is broken on purpose)
  first-year report  ${rel(reportFile)}   (open in a browser: comparisons, wellbeing, monitoring; report id ${report.id})
  interim report     ${rel(interimFile)}   (as of ${lastLook.asOf}: the monitoring plan's looks so far)
  …by e-mail         ${emailFile ? `${rel(emailFile)}   (to ${LEAD_EMAIL}; open it in a mail program, or forward it)` : mail ? `${rel(mail.dir)}/   (sent when the report was first published)` : `sent to ${LEAD_EMAIL} through SMTP_URL once it is confirmed`}
  API docs           ${INGEST}/docs  ·  ${QUERY}/docs  ·  ${REPORTING}/docs

Demo keys (also in ${rel(demoDir)}/)
  EVAL=${readers.evaluator}
  LEAD=${readers.programmeLead}
  SITE=${sites[0].apiKey}    # ${sites[0].siteId}

Try
  curl -s -H "Authorization: Bearer $EVAL" "${QUERY}/v1/trials/${TRIAL}/outcomes?groupBy=arm,condition&asOf=2018-12-31"
  curl -s -H "Authorization: Bearer $EVAL" -H 'Accept: text/csv' "${QUERY}/v1/trials/${TRIAL}/outcomes?groupBy=site,arm"
  curl -s -H "Authorization: Bearer $SITE" "${INGEST}/v1/sites/${sites[0].siteId}/data-quality" | head -c 600
  curl -s -H "Authorization: Bearer $SITE" -H 'Content-Type: text/csv' --data-binary @examples/site-upload.csv ${INGEST}/v1/events/csv
  curl -s -H "Authorization: Bearer $LEAD" "${REPORTING}/v1/reports/${report.id}.csv" | head
`);
}

module.exports = { runDemo, TRIAL };
