import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase } from './action-handler.js';
import type { TimeWindow } from './metrics.js';

/** Cost for a tag over a window (Cost Explorer). */
export interface CostFigure {
  readonly amount: number;
  readonly currency: string;
  readonly window: TimeWindow;
}

/** Source port `costs`. */
export interface CostsPort extends PortBase {
  costByTag(
    tag: { readonly key: string; readonly value: string },
    window: TimeWindow,
  ): ResultAsync<CostFigure, DecomError>;
}
