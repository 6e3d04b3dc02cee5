// The dashboard's browser-side application: sign-in, controls, calls to the JSON API with
// the key in the Authorization header, and drawing the results into the page. It relies on
// IpsView (dashboard-view-model.script.ts) for every format and name, and on the
// placeholder __DASHBOARD_CONFIG__ being replaced with the vocabularies (JSON) when the
// page is built. Everything from the API reaches the page as text nodes (textContent),
// never as HTML; the one exception is the chart, an SVG document the query service drew,
// parsed as XML and imported (the page's Content-Security-Policy runs no script in it).
// Written without backticks or "${" so String.raw holds it verbatim.

export const CONFIG_PLACEHOLDER = '__DASHBOARD_CONFIG__';

export const APP_SCRIPT = String.raw`
(function () {
  'use strict';
  var V = IpsView;
  var CONFIG = __DASHBOARD_CONFIG__;
  var KEY_ITEM = 'ips-outcomes.dashboard.key';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var DATA_QUALITY_TTL_MS = 60000;

  var state = V.parseState(location.hash, CONFIG.dimensions);
  var trials = [];
  var generation = 0;
  var dataQualityCache = {};

  function byId(id) { return document.getElementById(id); }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // ---- the key: this tab only, header only ----

  function storedKey() {
    try { return sessionStorage.getItem(KEY_ITEM) || ''; } catch (e) { return ''; }
  }

  function failure(status, message) {
    var error = new Error(message);
    error.status = status;
    return error;
  }

  function messageFor(status, body) {
    var message = body && typeof body.message === 'string' ? body.message : '';
    var details = body && Array.isArray(body.details)
      ? body.details.map(function (d) { return d && d.message; }).filter(Boolean).join('; ')
      : '';
    if (status === 401) return 'The key was not accepted (unknown, revoked or mistyped). Sign in again.';
    if (status === 403) return 'This key may not read that' + (message ? ': ' + message : '') + '.';
    if (status === 404) return message ? message.charAt(0).toUpperCase() + message.slice(1) + '.' : 'Not found.';
    if (status === 429) return 'Too many requests with this key just now. Wait a moment, then change a control again.';
    if (status === 400) return 'The query was not accepted: ' + (details || message || 'invalid request') + '.';
    return 'The query service answered ' + status + (message ? ' (' + message + ')' : '') + '.';
  }

  async function api(path, accept) {
    var key = storedKey();
    if (!key) throw failure(401, 'Sign in with your API key first.');
    var response;
    try {
      response = await fetch(path, {
        headers: { 'Authorization': 'Bearer ' + key, 'Accept': accept || 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
        redirect: 'error',
        referrerPolicy: 'no-referrer'
      });
    } catch (e) {
      throw failure(0, 'The query service could not be reached. Check the connection and try again.');
    }
    if (!response.ok) {
      var body = null;
      try { body = await response.json(); } catch (e) { body = null; }
      throw failure(response.status, messageFor(response.status, body));
    }
    return response;
  }

  function trialPath(suffix) {
    return 'v1/trials/' + encodeURIComponent(state.trial) + suffix;
  }

  // ---- messages ----

  function setStatus(text) { byId('status').textContent = text; }

  function showError(text) {
    var box = byId('error');
    box.textContent = text;
    box.hidden = !text;
  }

  function setBusy(busy) {
    var main = byId('main');
    main.setAttribute('aria-busy', busy ? 'true' : 'false');
    main.classList.toggle('is-busy', busy);
  }

  // ---- signing in and out ----

  function showSignedIn(signedIn) {
    byId('signin').hidden = signedIn;
    byId('account').hidden = !signedIn;
    byId('control-set').disabled = !signedIn;
    byId('intro').hidden = signedIn;
    if (!signedIn) byId('results').hidden = true;
  }

  function signOut(message) {
    try { sessionStorage.removeItem(KEY_ITEM); } catch (e) { /* storage unavailable: nothing kept */ }
    trials = [];
    dataQualityCache = {};
    generation++;
    showSignedIn(false);
    setBusy(false);
    setStatus('');
    showError(message || '');
    byId('key').focus();
  }

  async function start() {
    showSignedIn(true);
    showError('');
    setStatus('Loading the trials this key may read\u2026');
    try {
      trials = (await (await api('v1/trials')).json()).trials || [];
    } catch (e) {
      if (e.status === 401) { signOut(e.message); return; }
      showError(e.message);
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

  byId('signin').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = byId('key');
    var key = input.value.trim();
    input.value = '';
    if (!key) { showError('Paste your API key first.'); return; }
    try { sessionStorage.setItem(KEY_ITEM, key); } catch (e) { showError('This browser does not allow session storage, so the page cannot keep your key.'); return; }
    start();
  });

  byId('signout').addEventListener('click', function () { signOut('Signed out. The key is no longer kept in this tab.'); });

  // ---- controls ----

  function currentTrial() {
    for (var i = 0; i < trials.length; i++) if (trials[i].trialId === state.trial) return trials[i];
    return null;
  }

  function siteNames() {
    var names = {};
    var trial = currentTrial();
    (trial ? trial.sites : []).forEach(function (s) { names[s.siteId] = s.name; });
    return names;
  }

  function option(value, label) {
    var node = make('option', null, label);
    node.value = value;
    return node;
  }

  function fillSelect(select, first, values, labelOf, selected) {
    select.textContent = '';
    if (first) select.appendChild(option('', first));
    var seen = false;
    values.forEach(function (v) {
      select.appendChild(option(v, labelOf(v)));
      if (v === selected) seen = true;
    });
    // a value from a shared link that the list lacks stays selectable rather than vanishing
    if (selected && !seen) select.appendChild(option(selected, labelOf(selected)));
    select.value = selected || '';
  }

  function fillTrialOptions() {
    var select = byId('trial');
    select.textContent = '';
    trials.forEach(function (t) { select.appendChild(option(t.trialId, t.name + ' (' + t.trialId + ')')); });
  }

  function today() { return V.todayUtc(new Date()); }

  function syncControls() {
    var trial = currentTrial();
    byId('trial').value = state.trial;
    var asOf = byId('asOf');
    asOf.max = today();
    asOf.value = state.asOf || today();
    var boxes = document.querySelectorAll('input[name="groupBy"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = state.groupBy.indexOf(boxes[i].value) >= 0;
    var names = siteNames();
    fillSelect(byId('filter-site'), 'All sites', trial ? trial.sites.map(function (s) { return s.siteId; }) : [], function (v) { return names[v] || v; }, state.site);
    byId('filter-condition').value = state.condition;
    byId('filter-arm').value = state.arm;
    byId('filter-employmentStatus').value = state.employmentStatus;
    byId('cohortBy').value = state.cohortBy;
    var cohorts = trial ? V.cohortOptions(trial.startDate, state.asOf || today(), state.cohortBy) : [];
    fillSelect(byId('filter-cohort'), 'All cohorts', cohorts, function (v) { return V.cohortName(v, CONFIG.labels); }, state.cohort);
  }

  function readControls() {
    var next = V.defaultState();
    next.trial = byId('trial').value;
    var asOf = byId('asOf').value;
    next.asOf = asOf && asOf !== today() ? asOf : '';
    next.groupBy = [];
    var boxes = document.querySelectorAll('input[name="groupBy"]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) next.groupBy.push(boxes[i].value);
    V.FILTERS.forEach(function (f) { next[f] = byId('filter-' + f).value; });
    next.cohortBy = byId('cohortBy').value;
    if (next.trial !== state.trial) { next.site = ''; next.cohort = ''; }
    if (next.cohortBy !== state.cohortBy) next.cohort = '';
    return next;
  }

  function writeHash() {
    var hash = V.stateHash(state);
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  byId('controls').addEventListener('submit', function (event) { event.preventDefault(); });

  byId('controls').addEventListener('change', function () {
    state = readControls();
    syncControls();
    writeHash();
    refresh();
  });

  byId('reset').addEventListener('click', function () {
    V.FILTERS.forEach(function (f) { state[f] = ''; });
    syncControls();
    writeHash();
    refresh();
  });

  window.addEventListener('hashchange', function () {
    state = V.parseState(location.hash, CONFIG.dimensions);
    if (!storedKey()) return;
    if (!currentTrial() && trials.length) state.trial = trials[0].trialId;
    syncControls();
    refresh();
  });

  byId('download').addEventListener('click', async function () {
    var button = byId('download');
    button.disabled = true;
    try {
      var response = await api(trialPath('/outcomes?' + V.apiQuery(state, state.groupBy)), 'text/csv');
      var blob = await response.blob();
      var name = V.filenameFrom(response.headers.get('Content-Disposition'), state.trial + '-outcomes.csv');
      var url = URL.createObjectURL(blob);
      var link = make('a');
      link.href = url;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
      setStatus('Downloaded ' + name + '.');
    } catch (e) {
      if (e.status === 401) { signOut(e.message); return; }
      showError(e.message);
    } finally {
      button.disabled = false;
    }
  });

  // ---- fetching ----

  async function dataQuality() {
    var cached = dataQualityCache[state.trial];
    if (cached && Date.now() - cached.at < DATA_QUALITY_TTL_MS) return cached.value;
    var value = await (await api(trialPath('/data-quality'))).json();
    dataQualityCache[state.trial] = { at: Date.now(), value: value };
    return value;
  }

  async function refresh() {
    if (!storedKey() || !state.trial || !currentTrial()) return;
    var mine = ++generation;
    setBusy(true);
    showError('');
    setStatus('Loading\u2026');
    try {
      var answers = await Promise.all([
        api(trialPath('/outcomes?' + V.apiQuery(state, state.groupBy))).then(function (r) { return r.json(); }),
        api(trialPath('/outcomes/first-job-curves.svg?' + V.apiQuery(state, ['arm'])), 'image/svg+xml').then(function (r) { return r.text(); }),
        api(trialPath('/outcomes/first-job-curves?' + V.apiQuery(state, ['arm']))).then(function (r) { return r.json(); }),
        dataQuality()
      ]);
      if (mine !== generation) return;
      render(answers[0], answers[1], answers[2], answers[3]);
      var groups = answers[0].groups.length;
      setStatus('Showing ' + groups + (groups === 1 ? ' group' : ' groups') + ' as of ' + V.longDate(answers[0].asOf) + '.');
    } catch (e) {
      if (mine !== generation) return;
      if (e.status === 401) { signOut(e.message); return; }
      showError(e.message);
      setStatus('');
    } finally {
      if (mine === generation) setBusy(false);
    }
  }

  // ---- drawing ----

  function naSpan(why, className) {
    var span = make('span', 'na' + (className ? ' ' + className : ''));
    span.title = why;
    span.appendChild(make('span', null, V.DASH)).setAttribute('aria-hidden', 'true');
    span.appendChild(make('span', 'visually-hidden', 'not available: ' + why));
    return span;
  }

  /** a cell from IpsView's cell description */
  function cell(c, className) {
    var td = make('td', 'num' + (className ? ' ' + className : ''));
    if (c.why) td.appendChild(naSpan(c.why, 'figure'));
    else td.appendChild(make('span', 'figure', c.text));
    if (c.ci) td.appendChild(make('span', 'ci', c.ci));
    else if (c.ciWhy) td.appendChild(naSpan(c.ciWhy, 'ci'));
    if (c.detail) td.appendChild(make('span', 'detail', c.detail));
    if (c.value !== null && c.value !== undefined) td.setAttribute('data-value', String(c.value));
    return td;
  }

  /**
   * A table with a caption, column headers (with an optional explanation each) and one
   * row per group; rows are [label, cells...], and a row flagged total is set apart.
   */
  function table(options) {
    var wrap = make('div', 'table-wrap');
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', options.caption);
    var t = make('table', options.className || null);
    if (options.id) t.id = options.id;
    t.appendChild(make('caption', null, options.caption));
    var head = make('thead');
    var hr = make('tr');
    options.columns.forEach(function (column, i) {
      var th = make('th', i === 0 ? null : 'num');
      th.scope = 'col';
      th.appendChild(make('span', null, column.label));
      if (column.help) {
        th.title = column.help;
        th.appendChild(make('span', 'th-help', column.unit || ''));
      } else if (column.unit) th.appendChild(make('span', 'th-help', column.unit));
      hr.appendChild(th);
    });
    head.appendChild(hr);
    t.appendChild(head);
    var body = make('tbody');
    options.rows.forEach(function (row) {
      var tr = make('tr', row.total ? 'total' : row.sub ? 'sub' : null);
      var th = make('th', null, row.label);
      th.scope = 'row';
      if (row.help) th.title = row.help;
      tr.appendChild(th);
      row.cells.forEach(function (c) { tr.appendChild(c.nodeType ? c : cell(c)); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    wrap.appendChild(t);
    return wrap;
  }

  function render(outcomes, chartSvg, curves, dq) {
    var names = siteNames();
    var labels = CONFIG.labels;
    var groups = outcomes.groups;
    var groupBy = outcomes.groupBy;
    var label = function (key) { return V.groupLabel(key, groupBy, labels, names); };
    var total = V.totalFlow(groups);
    byId('results').hidden = false;

    renderOverview(outcomes, total, dq, names);
    renderEffects(outcomes, names);
    renderChart(chartSvg, curves, outcomes, names);

    var tables = byId('tables');
    tables.textContent = '';
    var grouping = groupBy.length ? groupBy.map(function (d) { return labels.dimensions[d].toLowerCase(); }).join(' and ') : 'none (the whole cut)';
    byId('grouping-note').textContent = 'Grouped by ' + grouping + '. Figures in brackets are 95% confidence intervals; hover over ' + V.DASH + ' to see why a figure is missing.';
    // outcomes are over randomised people: a group nobody in it was randomised has none to show
    var analysed = groups.filter(function (g) { return g.flow.randomised > 0 || g.firstJob.n > 0; });
    var left = groups.length - analysed.length;
    byId('grouping-note').textContent += left === 0 ? '' : ' ' + (left === 1 ? 'One group has' : left + ' groups have') + ' nobody randomised and appear' + (left === 1 ? 's' : '') + ' in the flow table only.';

    // the flow reads down, as a CONSORT diagram does: a row per stage, a column per group
    var stages = [
      ['referred', 'Referred'], ['assessed', 'Assessed for eligibility'], ['eligible', 'Eligible'], ['ineligible', 'Not eligible'],
      ['consented', 'Consented'], ['randomised', 'Randomised'], ['randomisedIps', '\u2026 to IPS'], ['randomisedUsualCare', '\u2026 to usual care'],
      ['withdrawn', 'Withdrawn'], ['followUpComplete', 'Followed up 12 months']
    ];
    var flows = groups.map(function (g) { return g.flow; });
    var flowColumns = [{ label: 'Stage' }].concat(groups.map(function (g) { return { label: label(g.key) }; }));
    if (groups.length > 1) { flows.push(total); flowColumns.push({ label: 'Total' }); }
    tables.appendChild(table({
      id: 'flow-table',
      className: 'flow' + (groups.length > 1 ? ' with-total' : ''),
      caption: 'Participant flow (CONSORT)',
      columns: flowColumns,
      rows: stages.map(function (stage) {
        return {
          label: stage[1],
          sub: stage[0] === 'randomisedIps' || stage[0] === 'randomisedUsualCare',
          help: stage[0] === 'followUpComplete' ? 'Randomised at least 365 days before the as-of date: the people the 12-month outcomes are over.' : null,
          cells: flows.map(function (f) { return V.plain(f[stage[0]]); })
        };
      })
    }));

    tables.appendChild(table({
      id: 'twelve-month-table',
      caption: 'Outcomes at 12 months (participants with full follow-up)',
      columns: [
        { label: 'Group' },
        { label: 'Followed up 12 months', unit: 'n' },
        { label: 'Started a job within 12 months', unit: '% [95% CI] \u00b7 n / N', help: 'jobStart12m: a first competitive job within 365 days of randomisation. Wilson interval.' },
        { label: 'Worked 13+ weeks in 12 months', unit: '% [95% CI] \u00b7 n / N', help: 'worked13wIn12m: at least 91 days in work in the first 365 days (the health-led trials\u2019 primary outcome). Wilson interval.' },
        { label: 'Days employed in 12 months', unit: 'mean \u00b7 n', help: 'daysEmployed12m: mean days covered by any competitive job in the first 365 days.' }
      ],
      rows: analysed.map(function (g) {
        return {
          label: label(g.key),
          cells: [V.plain(g.flow.followUpComplete), V.proportion(g.jobStart12m, 'jobStart12m'), V.proportion(g.worked13wIn12m, 'worked13wIn12m'), V.mean(g.daysEmployed12m.mean, g.daysEmployed12m.n, V.WHY.followUp)]
        };
      })
    }));

    var at = function (g, day) { return g.firstJob.at.filter(function (p) { return p.day === day; })[0]; };
    tables.appendChild(table({
      id: 'first-job-table',
      caption: 'Time to first job (Kaplan\u2013Meier): share who had started one [95% CI], and number at risk',
      columns: [
        { label: 'Group' },
        { label: 'Randomised', unit: 'n' },
        { label: 'First jobs', unit: 'n' },
        { label: 'Median', unit: 'days', help: 'The first day on which the Kaplan\u2013Meier estimate of still being without a job is 50% or less.' },
        { label: 'By 3 months', unit: 'day 91', help: 'Cumulative incidence of a first job, 1 \u2212 S(t), with a log-log Greenwood interval (R survfit).' },
        { label: 'By 6 months', unit: 'day 182', help: 'Cumulative incidence of a first job, 1 \u2212 S(t), with a log-log Greenwood interval (R survfit).' },
        { label: 'By 12 months', unit: 'day 365', help: 'Cumulative incidence of a first job, 1 \u2212 S(t), with a log-log Greenwood interval (R survfit).' }
      ],
      rows: analysed.map(function (g) {
        return {
          label: label(g.key),
          cells: [V.plain(g.firstJob.n), V.plain(g.firstJob.events), V.median(g.firstJob), V.incidence(at(g, 91)), V.incidence(at(g, 182)), V.incidence(at(g, 365))]
        };
      })
    }));

    tables.appendChild(table({
      id: 'job-quality-table',
      caption: 'The first job: how long it lasted and its hours',
      columns: [
        { label: 'Group' },
        { label: 'Lasted 13 weeks', unit: '% [95% CI] \u00b7 n / N', help: 'sustained13w: over first jobs that started at least 91 days before the as-of date.' },
        { label: 'Lasted 26 weeks', unit: '% [95% CI] \u00b7 n / N', help: 'sustained26w: over first jobs that started at least 182 days before the as-of date.' },
        { label: '16+ hours a week', unit: '% [95% CI] \u00b7 n / N', help: 'hours16Plus: over everyone with a first job, by the hours agreed at the start.' },
        { label: 'Hours a week', unit: 'mean \u00b7 n', help: 'meanHours: the mean hours a week at the start of the first job.' }
      ],
      rows: analysed.map(function (g) {
        return {
          label: label(g.key),
          cells: [V.proportion(g.sustained13w, 'sustained13w'), V.proportion(g.sustained26w, 'sustained26w'), V.proportion(g.hours16Plus, 'hours16Plus'), V.mean(g.hours16Plus.meanHours, g.hours16Plus.denominator, V.WHY.firstJob)]
        };
      })
    }));

    renderDataQuality(dq, names);
  }

  function card(title, figure, detail, id) {
    var node = make('div', 'card');
    if (id) node.id = id;
    node.appendChild(make('p', 'card-title', title));
    node.appendChild(make('p', 'card-figure', figure));
    if (detail) node.appendChild(make('p', 'card-detail', detail));
    return node;
  }

  function renderOverview(outcomes, total, dq, names) {
    var trial = currentTrial();
    var context = byId('context');
    context.textContent = '';
    var facts = [
      ['Trial', trial ? trial.name + ' (' + trial.trialId + ')' : outcomes.trialId],
      ['As of', V.longDate(outcomes.asOf) + (state.asOf ? '' : ' (today)')],
      ['Filters', V.filterSummary(state, CONFIG.labels, names)],
      ['Definitions', 'version ' + outcomes.definitionsVersion]
    ];
    facts.forEach(function (f) {
      var item = make('div', 'fact');
      item.appendChild(make('dt', null, f[0]));
      item.appendChild(make('dd', null, f[1]));
      context.appendChild(item);
    });

    var cards = byId('cards');
    cards.textContent = '';
    cards.appendChild(card('Referred', V.count(total.referred), V.count(total.assessed) + ' assessed \u00b7 ' + V.count(total.eligible) + ' eligible \u00b7 ' + V.count(total.consented) + ' consented', 'card-referred'));
    cards.appendChild(card('Randomised', V.count(total.randomised), 'IPS ' + V.count(total.randomisedIps) + ' \u00b7 usual care ' + V.count(total.randomisedUsualCare), 'card-randomised'));
    var share = total.randomised > 0 ? '12 months; ' + V.percent(total.followUpComplete / total.randomised) + ' of those randomised' : '12 months; nobody randomised yet';
    cards.appendChild(card('Full follow-up', V.count(total.followUpComplete), share, 'card-follow-up'));
    cards.appendChild(card('Withdrawn', V.count(total.withdrawn), 'stay in their arm\u2019s analysis', 'card-withdrawn'));
    var findingSites = Object.keys(dq.bySite).length;
    cards.appendChild(card('Data quality', V.count(dq.count), 'open findings at ' + (findingSites === 1 ? 'one site' : findingSites + ' sites') + ', all dates', 'card-findings'));

    var cutoff = new Date(Date.parse(outcomes.asOf + 'T00:00:00Z') - 365 * 86400000).toISOString().slice(0, 10);
    byId('follow-up-note').textContent = total.randomised > 0
      ? V.count(total.followUpComplete) + ' of the ' + V.count(total.randomised) + ' people randomised in this view (' + V.percent(total.followUpComplete / total.randomised) + ') have full 12-month follow-up: they were randomised on or before ' + V.longDate(cutoff) + '. The 12-month outcomes (job start, 13 weeks worked, days employed) are over them only; the Kaplan\u2013Meier figures use everyone randomised.'
      : 'Nobody in this view has been randomised yet, so there are no outcomes to show.';
  }

  function renderEffects(outcomes, names) {
    var holder = byId('effects');
    holder.textContent = '';
    if (outcomes.groupBy.indexOf('arm') < 0) {
      holder.appendChild(make('p', 'note', 'Add \u201cArm\u201d to the grouping to compare IPS with usual care.'));
      return;
    }
    var effects = outcomes.effects;
    if (effects.length === 0) {
      holder.appendChild(make('p', 'note', 'No group in this view has anyone randomised, so there is nothing to compare.'));
      return;
    }
    var keyDims = outcomes.groupBy.filter(function (d) { return d !== 'arm'; });
    var scale = V.effectScale(effects);
    var metricNames = { jobStart12m: 'Started a job within 12 months', worked13wIn12m: 'Worked 13+ weeks in 12 months' };
    var columns = [
      { label: keyDims.length ? 'Group and outcome' : 'Outcome' },
      { label: 'IPS', unit: '% \u00b7 n / N' },
      { label: 'Usual care', unit: '% \u00b7 n / N' },
      { label: 'Difference', unit: 'IPS \u2212 usual care [95% CI]', help: 'Risk difference in percentage points with the Newcombe hybrid score interval (method 10).' },
      { label: 'Interval', unit: V.points(-scale).replace('.0', '') + ' to ' + V.points(scale).replace('.0', '') + ' pp' }
    ];
    var rows = effects.map(function (e) {
      var name = metricNames[e.metric] || e.metric;
      var prefix = keyDims.length ? V.groupLabel(e.key, keyDims, CONFIG.labels, names) + ': ' : '';
      return { label: prefix + name, cells: [V.armCount(e.ips), V.armCount(e.usualCare), V.effect(e), intervalPlot(e, scale)] };
    });
    holder.appendChild(table({ id: 'effects-table', caption: 'IPS compared with usual care', columns: columns, rows: rows, className: 'effects' }));
  }

  /** a small interval plot: the difference and its 95% interval on a shared scale, zero marked */
  function intervalPlot(e, scale) {
    var td = make('td', 'plot');
    var width = 180;
    var height = 26;
    var pad = 8;
    var x = function (v) { return pad + ((Math.max(-scale, Math.min(scale, v)) + scale) / (2 * scale)) * (width - 2 * pad); };
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var line = function (x1, x2, y1, y2, colour, widthPx, dash) {
      var l = document.createElementNS(SVG_NS, 'line');
      l.setAttribute('x1', String(x1)); l.setAttribute('x2', String(x2));
      l.setAttribute('y1', String(y1)); l.setAttribute('y2', String(y2));
      l.setAttribute('stroke', colour); l.setAttribute('stroke-width', String(widthPx));
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
      var dot = document.createElementNS(SVG_NS, 'rect');
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

  function renderChart(svgText, curves, outcomes, names) {
    var holder = byId('chart');
    holder.textContent = '';
    var atRisk = byId('at-risk');
    atRisk.textContent = '';
    var drawn = curves.groups.filter(function (g) { return g.n > 0; });
    if (drawn.length > 0) {
      var days = [0, 91, 182, 273, 365];
      atRisk.appendChild(table({
        id: 'at-risk-table',
        className: 'compact',
        caption: 'Number at risk (still followed up and without a job)',
        columns: [{ label: 'Arm' }].concat(days.map(function (d) { return { label: (d === 0 ? 0 : Math.round(d / 30.4)) + ' months', unit: 'day ' + d }; })),
        rows: drawn.map(function (g) {
          return { label: V.groupLabel(g.key, curves.groupBy, CONFIG.labels, names), cells: days.map(function (d) { return V.plain(V.atRiskAt(g.steps, d)); }) };
        })
      }));
    }
    var parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    var root = parsed.documentElement;
    if (!root || root.namespaceURI !== SVG_NS || root.localName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
      holder.appendChild(make('p', 'note', 'The chart could not be drawn.'));
    } else {
      holder.appendChild(document.importNode(root, true));
    }
    var filters = V.filterSummary(state, CONFIG.labels, names);
    byId('chart-caption').textContent =
      'Kaplan\u2013Meier estimate of the share of people who had started a first paid job, by arm' +
      (filters === 'none' ? '' : ' (filters: ' + filters + ')') +
      ', as of ' + V.longDate(outcomes.asOf) + '. Shaded bands are 95% confidence intervals (log-log). ' +
      'Each curve runs to the longest follow-up so far. The chart is always by arm; the grouping applies to the tables below, which give the figures at 3, 6 and 12 months.';
  }

  function renderDataQuality(dq, names) {
    var holder = byId('data-quality');
    holder.textContent = '';
    holder.appendChild(make('p', 'note', dq.count === 0
      ? 'No open data-quality findings.'
      : V.count(dq.count) + ' open findings: problems in what sites sent that the outcomes had to work around (for example a second randomisation). They cover every date and are not affected by the as-of date or the filters.'));
    if (dq.count === 0) return;
    var codes = Object.keys(dq.byCode).sort(function (a, b) { return dq.byCode[b] - dq.byCode[a] || (a < b ? -1 : 1); });
    var sites = Object.keys(dq.bySite).sort(function (a, b) { return dq.bySite[b] - dq.bySite[a] || (a < b ? -1 : 1); });
    var pair = make('div', 'pair');
    pair.appendChild(table({
      id: 'dq-by-code',
      caption: 'Findings by kind',
      columns: [{ label: 'Kind' }, { label: 'Findings' }],
      rows: codes.map(function (c) { return { label: V.findingLabel(c), cells: [V.plain(dq.byCode[c])] }; })
    }));
    pair.appendChild(table({
      id: 'dq-by-site',
      caption: 'Findings by site',
      columns: [{ label: 'Site' }, { label: 'Findings' }],
      rows: sites.map(function (s) { return { label: names[s] || s, cells: [V.plain(dq.bySite[s])] }; })
    }));
    holder.appendChild(pair);
  }

  // ---- start ----
  showSignedIn(false);
  if (storedKey()) start();
})();
`;
