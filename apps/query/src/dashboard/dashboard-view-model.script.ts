// The dashboard's pure, browser-side logic — number formats, group names, why a figure is
// empty, the view's state in the URL fragment — as the source of one script that defines
// `IpsView`. No DOM, no fetch: dashboard-view-model.spec.ts runs it in a bare VM context.
// Kept as text because the page must carry its script inline (the project compiles
// without DOM types and has no bundler); written without backticks or "${" so String.raw
// holds it verbatim.

export const VIEW_MODEL_SCRIPT = String.raw`
var IpsView = (function () {
  'use strict';
  var DASH = '\u2014';
  var MINUS = '\u2212';
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var FILTERS = ['site', 'condition', 'arm', 'cohort', 'employmentStatus'];
  var COHORT_GRANULARITIES = ['month', 'quarter', 'year'];
  var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

  var WHY = {
    followUp: 'Nobody in this group has full 12-month follow-up yet (denominator 0).',
    sustained13w: 'No first job in this group started at least 91 days before the as-of date (denominator 0).',
    sustained26w: 'No first job in this group started at least 182 days before the as-of date (denominator 0).',
    firstJob: 'Nobody in this group has started a first job yet (denominator 0).',
    noInterval: 'No confidence interval where the estimate is 0% or 100% (as R gives NA).',
    effect: 'Not estimable: at least one arm has nobody with full 12-month follow-up (denominator 0).',
    median: 'Not reached: fewer than half of this group have found a job so far.',
    nobody: 'Nobody randomised in this group.'
  };
  var PROPORTION_WHY = {
    jobStart12m: WHY.followUp,
    worked13wIn12m: WHY.followUp,
    sustained13w: WHY.sustained13w,
    sustained26w: WHY.sustained26w,
    hours16Plus: WHY.firstJob
  };

  function isNumber(value) {
    return typeof value === 'number' && isFinite(value);
  }

  /** 12345 → "12,345" */
  function count(value) {
    return isNumber(value) ? value.toLocaleString('en-GB') : DASH;
  }

  /** 0.4234 → "42.3%" */
  function percent(value, decimals) {
    return isNumber(value) ? (value * 100).toFixed(decimals === undefined ? 1 : decimals) + '%' : DASH;
  }

  /** a difference of proportions in percentage points, signed: 0.123 → "+12.3", −0.04 → "−4.0" */
  function points(value) {
    if (!isNumber(value)) return DASH;
    var text = Math.abs(value * 100).toFixed(1);
    if (Number(text) === 0) return '0.0';
    return (value > 0 ? '+' : MINUS) + text;
  }

  function decimal(value, decimals) {
    return isNumber(value) ? value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : DASH;
  }

  /** a 95% interval in brackets: proportions as percentages "[38.1, 46.6]", differences in points "[+4.1, +20.5]"; null if either limit is missing */
  function interval(lower, upper, kind) {
    if (!isNumber(lower) || !isNumber(upper)) return null;
    if (kind === 'points') return '[' + points(lower) + ', ' + points(upper) + ']';
    return '[' + (lower * 100).toFixed(1) + ', ' + (upper * 100).toFixed(1) + ']';
  }

  /** 2018-06-30 → "30 June 2018" */
  function longDate(iso) {
    if (!ISO_DATE.test(iso || '')) return iso || '';
    var parts = iso.split('-').map(Number);
    return parts[2] + ' ' + MONTHS[parts[1] - 1] + ' ' + parts[0];
  }

  function todayUtc(now) {
    return (now || new Date()).toISOString().slice(0, 10);
  }

  // Cells. Each is what a table cell shows: the figure (text), the 95% interval under it
  // (ci), counts under that (detail), the unformatted value (for data-value) and, where the
  // figure or the interval is empty, why (why, ciWhy).

  function proportion(p, metric) {
    var detail = p ? count(p.numerator) + ' / ' + count(p.denominator) : null;
    if (!p || !isNumber(p.rate)) return { text: DASH, why: PROPORTION_WHY[metric] || WHY.followUp, detail: detail, value: null };
    var ci = interval(p.lower, p.upper);
    return { text: percent(p.rate), ci: ci, ciWhy: ci ? null : WHY.noInterval, detail: detail, value: p.rate };
  }

  function atRiskWhy(day) {
    return 'Nobody at risk at day ' + day + ': no one in this group has been followed up that long yet.';
  }

  /** the Kaplan–Meier cumulative incidence at day 91, 182 or 365 */
  function incidence(point) {
    if (!point) return { text: DASH, why: 'Not reported.', value: null };
    var detail = count(point.atRisk) + ' at risk';
    if (!isNumber(point.cumulativeIncidence)) return { text: DASH, why: atRiskWhy(point.day), detail: detail, value: null };
    var ci = interval(point.lower, point.upper);
    return { text: percent(point.cumulativeIncidence), ci: ci, ciWhy: ci ? null : WHY.noInterval, detail: detail, value: point.cumulativeIncidence };
  }

  function median(firstJob) {
    if (firstJob && isNumber(firstJob.medianDays)) return { text: count(firstJob.medianDays), value: firstJob.medianDays };
    return { text: DASH, why: firstJob && firstJob.n > 0 ? WHY.median : WHY.nobody, value: null };
  }

  /** a mean over n people (days employed, hours a week) */
  function mean(value, n, why) {
    var detail = isNumber(n) ? 'n = ' + count(n) : null;
    if (!isNumber(value)) return { text: DASH, why: why, detail: detail, value: null };
    return { text: decimal(value, 1), detail: detail, value: value };
  }

  function plain(value) {
    return { text: count(value), value: isNumber(value) ? value : null };
  }

  /** a treatment effect: the risk difference IPS − usual care in percentage points */
  function effect(e) {
    if (!e || !isNumber(e.riskDifference)) return { text: DASH, why: WHY.effect, value: null };
    var ci = interval(e.lower, e.upper, 'points');
    return { text: points(e.riskDifference) + ' pp', ci: ci, ciWhy: ci ? null : WHY.noInterval, value: e.riskDifference };
  }

  function armCount(c) {
    if (!c) return { text: DASH, why: WHY.effect, value: null };
    if (!(c.denominator > 0)) return { text: DASH, why: WHY.followUp, detail: '0 / 0', value: null };
    var rate = c.numerator / c.denominator;
    return { text: percent(rate), detail: count(c.numerator) + ' / ' + count(c.denominator), value: rate };
  }

  // Names.

  function valueLabel(dimension, value, labels, siteNames) {
    if (value === null || value === undefined) return labels.missing[dimension];
    if (dimension === 'site') return (siteNames && siteNames[value]) || value;
    if (dimension === 'cohort') return cohortName(value, labels);
    var table = labels.values[dimension] || {};
    return table[value] || value;
  }

  /** 2017-Q3 → "July to September 2017", 2017-08 → "August 2017", in the words of @ips/presentation's cohortName */
  function cohortName(cohort, labels) {
    var quarter = /^(\d{4})-Q([1-4])$/.exec(cohort);
    if (quarter) return labels.quarters[Number(quarter[2]) - 1] + ' ' + quarter[1];
    var month = /^(\d{4})-(\d{2})$/.exec(cohort);
    if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return labels.months[Number(month[2]) - 1] + ' ' + month[1];
    return cohort;
  }

  function groupLabel(key, groupBy, labels, siteNames) {
    if (!groupBy || groupBy.length === 0) return labels.wholeCut;
    return groupBy.map(function (d) { return valueLabel(d, key ? key[d] : null, labels, siteNames); }).join(' \u00b7 ');
  }

  /** "Condition: Mental health; Arm: IPS", or "none" */
  function filterSummary(state, labels, siteNames) {
    var parts = [];
    FILTERS.forEach(function (f) {
      if (state[f]) parts.push(labels.dimensions[f] + ': ' + valueLabel(f, state[f], labels, siteNames));
    });
    return parts.length ? parts.join('; ') : 'none';
  }

  /** a finding code in words: "randomised_again_different_arm" → "Randomised again different arm" */
  function findingLabel(code) {
    var text = String(code || '').replace(/_/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function cohortOf(iso, cohortBy) {
    var y = iso.slice(0, 4);
    var m = Number(iso.slice(5, 7));
    if (cohortBy === 'year') return y;
    if (cohortBy === 'month') return iso.slice(0, 7);
    return y + '-Q' + Math.ceil(m / 3);
  }

  /** the cohorts from the trial's start to the as-of date, newest first (at most 240) */
  function cohortOptions(startDate, asOf, cohortBy) {
    if (!ISO_DATE.test(startDate || '') || !ISO_DATE.test(asOf || '') || startDate > asOf) return [];
    var out = [];
    var y = Number(startDate.slice(0, 4));
    var m = Number(startDate.slice(5, 7));
    var last = cohortOf(asOf, cohortBy);
    for (var guard = 0; guard < 1200 && out.length < 240; guard++) {
      var iso = y + '-' + (m < 10 ? '0' : '') + m + '-01';
      var label = cohortOf(iso, cohortBy);
      if (out[out.length - 1] !== label) out.push(label);
      if (label === last) break;
      m++;
      if (m > 12) { m = 1; y++; }
    }
    return out.reverse();
  }

  /** the name a download should get, from Content-Disposition */
  function filenameFrom(header, fallback) {
    var m = /filename="?([^";]+)"?/i.exec(header || '');
    var name = m ? m[1] : fallback;
    return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
  }

  // The view's state lives in the URL fragment so that a view can be shared. Never the key.

  function defaultState() {
    return { trial: '', asOf: '', groupBy: ['arm'], site: '', condition: '', arm: '', cohort: '', employmentStatus: '', cohortBy: 'quarter' };
  }

  function parseState(hash, dimensions) {
    var params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
    var state = defaultState();
    var trial = params.get('trial');
    if (trial) state.trial = trial;
    var asOf = params.get('asOf');
    if (asOf && ISO_DATE.test(asOf)) state.asOf = asOf;
    if (params.has('groupBy')) {
      var asked = (params.get('groupBy') || '').split(',');
      state.groupBy = dimensions.filter(function (d) { return asked.indexOf(d) >= 0; });
    }
    FILTERS.forEach(function (f) {
      var value = params.get(f);
      if (value) state[f] = value;
    });
    var cohortBy = params.get('cohortBy');
    if (COHORT_GRANULARITIES.indexOf(cohortBy) >= 0) state.cohortBy = cohortBy;
    return state;
  }

  function encode(pairs) {
    return pairs.map(function (p) { return encodeURIComponent(p[0]) + '=' + encodeURIComponent(p[1]).replace(/%2C/g, ','); }).join('&');
  }

  function stateHash(state) {
    var pairs = [];
    if (state.trial) pairs.push(['trial', state.trial]);
    if (state.asOf) pairs.push(['asOf', state.asOf]);
    pairs.push(['groupBy', state.groupBy.join(',')]);
    FILTERS.forEach(function (f) { if (state[f]) pairs.push([f, state[f]]); });
    if (state.cohortBy && state.cohortBy !== 'quarter') pairs.push(['cohortBy', state.cohortBy]);
    return '#' + encode(pairs);
  }

  /** the query string of an outcomes-style request for this state, grouped by groupBy */
  function apiQuery(state, groupBy) {
    var pairs = [];
    if (groupBy.length) pairs.push(['groupBy', groupBy.join(',')]);
    if (state.asOf) pairs.push(['asOf', state.asOf]);
    FILTERS.forEach(function (f) { if (state[f]) pairs.push([f, state[f]]); });
    pairs.push(['cohortBy', state.cohortBy || 'quarter']);
    return encode(pairs);
  }

  /** the flow of every group added up: the groups of a cut share out its participants */
  function totalFlow(groups) {
    var total = { referred: 0, assessed: 0, eligible: 0, ineligible: 0, consented: 0, randomised: 0, randomisedIps: 0, randomisedUsualCare: 0, withdrawn: 0, followUpComplete: 0 };
    (groups || []).forEach(function (g) {
      Object.keys(total).forEach(function (k) { total[k] += g.flow[k] || 0; });
    });
    return total;
  }

  /** the number at risk at day t of a curve from GET …/first-job-curves: that of the first step on or after t */
  function atRiskAt(steps, day) {
    for (var i = 0; i < steps.length; i++) if (steps[i].day >= day) return steps[i].atRisk;
    return 0;
  }

  /** a symmetric scale for the effects' interval plot, in proportions: 0.1, 0.2, 0.3, 0.5 or 1 */
  function effectScale(effects) {
    var largest = 0;
    (effects || []).forEach(function (e) {
      [e.riskDifference, e.lower, e.upper].forEach(function (v) { if (isNumber(v)) largest = Math.max(largest, Math.abs(v)); });
    });
    var steps = [0.1, 0.2, 0.3, 0.5, 1];
    for (var i = 0; i < steps.length; i++) if (largest <= steps[i] + 1e-12) return steps[i];
    return 1;
  }

  return {
    DASH: DASH,
    WHY: WHY,
    FILTERS: FILTERS,
    count: count,
    percent: percent,
    points: points,
    decimal: decimal,
    interval: interval,
    longDate: longDate,
    todayUtc: todayUtc,
    proportion: proportion,
    incidence: incidence,
    median: median,
    mean: mean,
    plain: plain,
    effect: effect,
    armCount: armCount,
    valueLabel: valueLabel,
    cohortName: cohortName,
    groupLabel: groupLabel,
    filterSummary: filterSummary,
    findingLabel: findingLabel,
    cohortOptions: cohortOptions,
    filenameFrom: filenameFrom,
    defaultState: defaultState,
    parseState: parseState,
    stateHash: stateHash,
    apiQuery: apiQuery,
    totalFlow: totalFlow,
    atRiskAt: atRiskAt,
    effectScale: effectScale
  };
})();
`;
