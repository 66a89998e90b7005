import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase, PortHandlers } from './action-handler.js';

/** A Well-Architected workload. */
export interface AssessmentWorkload {
  readonly id: string;
  readonly name: string;
  readonly lenses: readonly string[];
}

/** Source port `assessment` (AWS Well-Architected): read workloads; the handler for `assessment.export`. */
export interface AssessmentPort extends PortBase {
  /** Handlers for `assessment.export`. */
  readonly handlers: PortHandlers<'assessment.export'>;
  findWorkload(name: string): ResultAsync<AssessmentWorkload | null, DecomError>;
}
