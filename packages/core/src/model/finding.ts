/**
 * Something a step noticed while planning. A `blocking` finding keeps the
 * step's item open (☐) whatever the actions do: for example a resource in
 * scope that no handler supports (`unhandled`).
 */
export interface Finding {
  readonly severity: 'info' | 'warning' | 'blocking';
  /** A short machine-readable code, e.g. `unhandled`, `tags-unreadable`. */
  readonly code: string;
  readonly message: string;
  readonly resource?: string;
}
