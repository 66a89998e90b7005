import { escapeHtml, htmlSection, htmlTable, trusted } from './html-text.js';
import type { ItemReport, RunReport } from './run-report.js';

/** @internal An item's standing: verified (☑), open (a step said why), or pending (nothing settled yet). */
export function itemStatus(item: ItemReport): 'verified' | 'open' | 'pending' {
  if (item.checked) return 'verified';
  return item.steps.some((step) => step.status === 'open') ? 'open' : 'pending';
}

/** @internal The seed's checklist: one row per item with ☑ or ☐, its status, and its evidence or why it is open. */
export function checklistSection(run: RunReport): string {
  const rows = run.items.map((item) => {
    const status = itemStatus(item);
    const mark = item.checked ? '☑' : '☐';
    return [
      trusted(
        `<span class="mark ${item.checked ? 'checked' : 'unchecked'}" data-item="${escapeHtml(item.item)}" aria-label="${item.checked ? 'done' : 'not done'}">${mark}</span>`,
      ),
      trusted(`<a href="#evidence-${escapeHtml(item.item)}">${escapeHtml(item.title)}</a>`),
      trusted(`<span class="status ${status}">${status}</span>`),
      item.checked
        ? item.steps
            .map((step) => step.evidence?.summary ?? '')
            .filter(Boolean)
            .join('; ')
        : item.reasons.join('; '),
    ];
  });
  return htmlSection('checklist', 'Checklist', [
    htmlTable(['', 'Deliverable tasks', 'Status', 'Evidence or reason'], rows, { id: 'checklist-table', nowrap: [2] }),
  ]);
}

/**
 * @internal Each item's steps with their evidence: the summary, then the figures,
 * ids and hashes behind it (folded), or the reason the step is not verified.
 */
export function evidenceSection(run: RunReport): string {
  const items = run.items.map((item) => {
    const steps = item.steps.map((step) => {
      const body =
        step.evidence === null
          ? `<p class="reason">${escapeHtml(step.reason ?? `${step.status}: not verified yet`)}</p>`
          : [
              `<p class="summary">${escapeHtml(step.evidence.summary)}</p>`,
              '<details><summary>Evidence details</summary>',
              `<pre>${escapeHtml(JSON.stringify(step.evidence.details, null, 2))}</pre>`,
              '</details>',
            ].join('\n');
      return [
        `<div class="step" data-step="${escapeHtml(step.id)}">`,
        `<h4>${escapeHtml(step.title)} <code>${escapeHtml(step.id)}</code> <span class="status ${step.status}">${step.status}</span></h4>`,
        body,
        '</div>',
      ].join('\n');
    });
    return [
      `<article class="item" id="evidence-${escapeHtml(item.item)}">`,
      `<h3>${item.checked ? '☑' : '☐'} ${escapeHtml(item.title)}</h3>`,
      ...(steps.length === 0 ? ['<p class="reason">No step of this checklist covers it.</p>'] : steps),
      '</article>',
    ].join('\n');
  });
  return htmlSection('evidence', 'Evidence per item', items);
}

/** @internal The items still open, each with the reasons its steps give. */
export function openItemsSection(run: RunReport): string {
  const open = run.items.filter((item) => !item.checked);
  const body =
    open.length === 0
      ? ['<p class="none">None: every item is checked.</p>']
      : [
          '<ul class="open-items">',
          ...open.map(
            (item) =>
              `<li data-item="${escapeHtml(item.item)}"><strong>${escapeHtml(item.title)}</strong> (${itemStatus(item)})<ul>${item.reasons
                .map((reason) => `<li>${escapeHtml(reason)}</li>`)
                .join('')}</ul></li>`,
          ),
          '</ul>',
        ];
  return htmlSection('open-items', 'Items still open', body);
}
