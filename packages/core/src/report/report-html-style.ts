/**
 * @internal The HTML report's only style sheet, written inline (the page's
 * Content-Security-Policy allows inline styles and nothing from elsewhere):
 * system fonts, no web font, no image but what the page itself draws.
 */
export const REPORT_HTML_STYLE = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6574; --line: #d5dae1; --ok: #1f7a3a; --open: #a3261b; --pending: #8a6100; --bar: #2f6fb3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 8px; }
h4 { font-size: 14px; margin: 10px 0 4px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
pre { background: #f5f7fa; border: 1px solid var(--line); padding: 8px; overflow-x: auto; max-height: 360px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef1f5; font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfc; }
#checklist-table td:first-child { width: 2.5em; text-align: center; font-size: 20px; }
td.nowrap { white-space: nowrap; overflow-wrap: normal; }
.mark.checked, .status.verified { color: var(--ok); }
.mark.unchecked, .status.open { color: var(--open); }
.status.pending { color: var(--pending); }
.status { font-weight: 600; }
.summary-list { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
.summary-list dt { color: var(--muted); }
.summary-list dd { margin: 0; overflow-wrap: anywhere; }
.item { border-left: 4px solid var(--line); padding: 2px 0 2px 12px; margin: 10px 0; }
.reason, .note, .none { color: var(--muted); }
.refusal { color: var(--open); font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { border: 1px solid var(--line); background: #fcfdff; }
.chart .bar { fill: var(--bar); }
.chart .axis { stroke: var(--muted); stroke-width: 1; }
.chart text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
.chart .chart-title { font-weight: 600; }
.chart .bar-value { fill: var(--muted); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;
