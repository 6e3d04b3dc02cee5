// The dashboard's stylesheet. Colours meet WCAG AA contrast for text (4.5:1) on the
// backgrounds they sit on; the IPS and usual-care hues are those of @ips/presentation's
// charts. Two layouts: controls beside the results from 60rem (960 px), above them below.

export const DASHBOARD_STYLES = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4b5459; --rule: #c9d0d4; --panel: #f3f5f7; --accent: #005a8c; --masthead: #0b2f4a; --masthead-muted: #d3e4f0; --error: #a4161a; --focus: #ffbf47; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: var(--ink); background: #fff; }
body { margin: 0; }
input, select, button { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }

.masthead { background: var(--masthead); color: #fff; }
.masthead :focus-visible { outline-color: var(--focus); }
.masthead-inner { max-width: 92rem; margin: 0 auto; padding: 1rem 1.5rem; display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 1rem 2rem; }
.kicker { margin: 0; font-size: .8rem; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; color: var(--masthead-muted); }
h1 { margin: 0; font-size: 1.6rem; line-height: 1.2; }
.signin { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .6rem; max-width: 40rem; }
.signin label { font-weight: 600; }
.signin input { width: 20rem; max-width: 100%; color: var(--ink); }
.signin .help, .account .help { flex-basis: 100%; margin: 0; font-size: .8rem; color: var(--masthead-muted); }
.account { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .75rem; max-width: 30rem; }
.account-state { font-weight: 600; }
.masthead button { background: #fff; color: var(--masthead); }

input, select { border: 1px solid #5d676d; border-radius: 4px; padding: .3rem .5rem; background: #fff; color: var(--ink); min-height: 2.25rem; }
button { border: 1px solid var(--accent); border-radius: 4px; padding: .4rem .9rem; background: var(--accent); color: #fff; font-weight: 600; cursor: pointer; min-height: 2.25rem; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { cursor: progress; opacity: .7; }

.layout { max-width: 92rem; margin: 0 auto; padding: 1.5rem; display: grid; grid-template-columns: 17rem minmax(0, 1fr); gap: 2rem; align-items: start; }
.controls { position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow-y: auto; background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 1rem; }
.controls h2 { margin: 0 0 .75rem; padding: 0; border: 0; font-size: 1.1rem; }
.controls fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
#control-set { display: flex; flex-direction: column; gap: 1rem; }
#control-set:disabled { opacity: .6; }
.field label, .group legend { display: block; font-weight: 600; margin-bottom: .2rem; padding: 0; }
.field select, .field input { width: 100%; }
.group .field + .field { margin-top: .5rem; }
.group .field label { font-weight: 400; }
.checks { display: grid; gap: .15rem; }
.checks label { display: flex; align-items: center; gap: .5rem; }
.checks input { width: 1.15rem; height: 1.15rem; min-height: 0; margin: 0; accent-color: var(--accent); }
.help { font-size: .85rem; color: var(--muted); margin: .25rem 0 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; }

main { min-width: 0; }
main:focus { outline: none; }
main.is-busy #results { opacity: .55; transition: opacity .2s; }
main h2 { font-size: 1.35rem; line-height: 1.25; margin: 2.25rem 0 .75rem; padding-top: .5rem; border-top: 2px solid var(--ink); }
#results > section:first-child h2 { margin-top: .25rem; }
.status { min-height: 1.5rem; margin: 0 0 .5rem; color: var(--muted); font-size: .9rem; }
.error { border-left: 5px solid var(--error); background: #fdecea; color: #5c0a0d; padding: .75rem 1rem; margin: 0 0 1rem; font-weight: 600; }
.intro { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 1.25rem 1.5rem; max-width: 52rem; }
.intro h2 { margin-top: 0; border: 0; padding: 0; }
.intro p, .intro li { max-width: 48rem; }

.context { display: flex; flex-wrap: wrap; gap: .4rem 2.25rem; margin: 0 0 1rem; }
.fact dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 700; }
.fact dd { margin: 0; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; }
.card { border: 1px solid var(--rule); border-top: 4px solid var(--accent); border-radius: 4px; padding: .6rem .8rem .7rem; background: #fff; }
.card p { margin: 0; }
.card-title { font-size: .85rem; color: var(--muted); font-weight: 600; }
.card-figure { font-size: 1.8rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.2; }
.card-detail { font-size: .8rem; color: var(--muted); }
#card-follow-up { border-top-color: #007a5a; }
#card-findings { border-top-color: #a34700; }
.note { max-width: 52rem; }
#follow-up-note { background: #eef5fa; border-left: 4px solid var(--accent); padding: .6rem .9rem; margin: 1rem 0 0; }
#grouping-note { color: var(--muted); font-size: .9rem; margin-top: 0; }

figure { margin: 0; }
#chart svg { display: block; width: 100%; max-width: 760px; height: auto; }
figcaption { font-size: .9rem; color: var(--muted); max-width: 52rem; margin-top: .5rem; }
#at-risk { margin-top: 1.25rem; }

.table-wrap { overflow-x: auto; margin: 0 0 1.75rem; }
.table-wrap:focus-visible { outline-offset: 0; }
table { border-collapse: collapse; font-size: .9rem; }
caption { text-align: left; font-weight: 700; font-size: 1.05rem; padding: 0 0 .4rem; }
th, td { padding: .4rem .65rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; font-size: .85rem; line-height: 1.3; }
thead th[title] > span:first-child { text-decoration: underline dotted; text-underline-offset: 3px; cursor: help; }
.th-help { display: block; font-weight: 400; color: var(--muted); font-size: .75rem; white-space: nowrap; margin-top: .1rem; }
tbody th { font-weight: 600; min-width: 8rem; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td .figure { display: block; font-weight: 600; }
td .ci, td .detail { display: block; font-size: .8rem; color: var(--muted); }
tbody tr:nth-child(even) { background: #f7f8f9; }
tr.total th, tr.total td { border-top: 2px solid var(--ink); font-weight: 700; background: #fff; }
table.compact th, table.compact td { padding: .4rem .45rem; }
table.flow tbody th { min-width: 12rem; }
table.flow tr.sub th { font-weight: 400; padding-left: 1.5rem; }
table.flow.with-total th:last-child, table.flow.with-total td:last-child { border-left: 2px solid var(--ink); font-weight: 700; }
table.flow thead th { max-width: 9rem; }
table.flow thead th.num { min-width: 6.5rem; }
tbody th[title] { text-decoration: underline dotted; text-underline-offset: 3px; cursor: help; }
td.plot { vertical-align: middle; padding-top: .2rem; padding-bottom: .2rem; }
td.plot svg { display: block; }
.na { cursor: help; text-decoration: underline dotted; text-underline-offset: 3px; color: var(--muted); }
td .na.figure { font-weight: 600; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, max-content)); gap: 0 2.5rem; }
dl.definitions { display: grid; grid-template-columns: minmax(8rem, 14rem) minmax(0, 1fr); gap: .4rem 1.25rem; max-width: 60rem; font-size: .95rem; }
dl.definitions dt { font-weight: 600; }
dl.definitions dd { margin: 0; }

@media (max-width: 60rem) {
  .layout { grid-template-columns: minmax(0, 1fr); gap: 1rem; padding: 1rem; }
  .controls { position: static; max-height: none; }
  #control-set { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem 1.5rem; align-items: start; }
  #control-set > .trial { order: 1; }
  #control-set > .as-of { order: 2; }
  #control-set > .cohort-by { order: 3; }
  #control-set > .group-by { order: 4; grid-column: 1 / -1; }
  #control-set > .filters { order: 5; grid-column: 1 / -1; }
  #control-set > .actions { order: 6; grid-column: 1 / -1; }
  .group-by .checks { grid-template-columns: repeat(auto-fill, minmax(11rem, max-content)); gap: .15rem 1.5rem; }
  .filters { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .5rem 1.5rem; }
  .group.filters .field + .field { margin-top: 0; }
  table.compact { font-size: .82rem; }
  dl.definitions { grid-template-columns: minmax(0, 1fr); }
  dl.definitions dd { margin-bottom: .5rem; }
}
@media (max-width: 40rem) {
  #control-set, .filters { grid-template-columns: minmax(0, 1fr); }
  .masthead-inner, .layout { padding-left: .75rem; padding-right: .75rem; }
}
@media print {
  .controls, .signin, .account, .actions { display: none; }
  .layout { display: block; }
}
`;
