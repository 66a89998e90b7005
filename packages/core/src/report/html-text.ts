/**
 * @internal Markup made by the HTML report itself, never from data: the one way
 * text reaches the page unescaped.
 */
export interface TrustedHtml {
  readonly trustedHtml: string;
}

/** @internal A table cell: text (escaped when written) or markup the report made. */
export type HtmlCell = string | TrustedHtml;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * @internal Text made safe for an HTML element's content or a quoted attribute
 * value: `& < > " '` become entities, so no data can open a tag or leave an attribute.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** @internal Marks markup the report built from escaped parts as safe to write as is. */
export function trusted(markup: string): TrustedHtml {
  return { trustedHtml: markup };
}

/** @internal A cell's markup: text escaped, trusted markup as is. */
export function cellHtml(cell: HtmlCell): string {
  return typeof cell === 'string' ? escapeHtml(cell) : cell.trustedHtml;
}

/** @internal An HTML table of `rows` under `headers`, or a "None." paragraph when there is no row. */
export function htmlTable(
  headers: readonly string[],
  rows: readonly (readonly HtmlCell[])[],
  options: {
    readonly id?: string;
    readonly none?: string;
    /** Columns (0-based) whose short values are never broken across lines: states, times, counts. */
    readonly nowrap?: readonly number[];
  } = {},
): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(options.none ?? 'None.')}</p>`;
  const id = options.id === undefined ? '' : ` id="${escapeHtml(options.id)}"`;
  return [
    `<table${id}>`,
    `<thead><tr>${headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map(
      (row) =>
        `<tr>${row.map((cell, column) => `<td${options.nowrap?.includes(column) ? ' class="nowrap"' : ''}>${cellHtml(cell)}</td>`).join('')}</tr>`,
    ),
    '</tbody>',
    '</table>',
  ].join('\n');
}

/** @internal A `<section>` with its id and heading, around markup the report made. */
export function htmlSection(id: string, heading: string, body: readonly string[]): string {
  return [`<section id="${escapeHtml(id)}">`, `<h2>${escapeHtml(heading)}</h2>`, ...body, '</section>'].join('\n');
}

/** @internal A number as a report shows it: integers as they are, others rounded to three significant digits (units from 100 up). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(3)));
}
