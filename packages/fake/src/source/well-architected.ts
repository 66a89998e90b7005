import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import type { FakeWellArchitectedWorkload } from './services-state.js';

const ANSWERS_PAGE = 10;

/** The fake AWS Well-Architected Tool: workloads, paginated answers, milestones and the lens report PDF. */
export class FakeWellArchitected {
  constructor(private readonly world: FakeWorld) {}

  listWorkloads(
    namePrefix: string,
  ): ResultAsync<{ id: string; name: string; lenses: readonly string[] }[], DecomError> {
    return this.world.call('wellarchitected', 'ListWorkloads', false, namePrefix, () =>
      ok(
        this.world.state.services.wellArchitected
          .filter((workload) => workload.name.startsWith(namePrefix))
          .map((workload) => ({ id: workload.id, name: workload.name, lenses: [...workload.lenses] })),
      ),
    );
  }

  /** One page of ListAnswers; `token` continues. */
  listAnswers(
    workloadId: string,
    lens: string,
    token: string | null,
  ): ResultAsync<{ answers: FakeWellArchitectedWorkload['answers'][number][]; next: string | null }, DecomError> {
    return this.world.call('wellarchitected', 'ListAnswers', false, workloadId, () => {
      const workload = this.find(workloadId);
      if (workload === undefined) return err(this.missing(workloadId));
      const all = workload.answers.filter((answer) => answer.lens === lens);
      const start = token === null ? 0 : Number(token);
      const next = start + ANSWERS_PAGE < all.length ? String(start + ANSWERS_PAGE) : null;
      return ok({ answers: structuredClone(all.slice(start, start + ANSWERS_PAGE)), next });
    });
  }

  /** CreateMilestone; a name already used is `ConflictException` (so reconcile looks milestones up by name). */
  createMilestone(workloadId: string, name: string): ResultAsync<{ number: number }, DecomError> {
    return this.world.call('wellarchitected', 'CreateMilestone', true, workloadId, () => {
      const workload = this.find(workloadId);
      if (workload === undefined) return err(this.missing(workloadId));
      if (workload.milestones.some((milestone) => milestone.name === name)) {
        return err(
          decomError.conflict({
            message: `ConflictException: milestone "${name}" exists on ${workloadId}`,
            resource: workloadId,
          }),
        );
      }
      const number = workload.milestones.length + 1;
      workload.milestones.push({ number, name, at: this.world.nowIso() });
      return ok({ number });
    });
  }

  listMilestones(workloadId: string): ResultAsync<{ number: number; name: string }[], DecomError> {
    return this.world.call('wellarchitected', 'ListMilestones', false, workloadId, () => {
      const workload = this.find(workloadId);
      return workload === undefined
        ? err(this.missing(workloadId))
        : ok(workload.milestones.map(({ number, name }) => ({ number, name })));
    });
  }

  /** GetLensReviewReport: the report as a (small, valid) PDF, base64. */
  getLensReviewReport(workloadId: string, lens: string): ResultAsync<{ base64: string }, DecomError> {
    return this.world.call('wellarchitected', 'GetLensReviewReport', false, workloadId, () => {
      const workload = this.find(workloadId);
      if (workload === undefined) return err(this.missing(workloadId));
      return ok({
        base64: Buffer.from(
          minimalPdf(
            `${workload.name} — ${lens}: ${workload.answers.filter((answer) => answer.lens === lens).length} answers`,
          ),
        ).toString('base64'),
      });
    });
  }

  private find(id: string): FakeWellArchitectedWorkload | undefined {
    return this.world.state.services.wellArchitected.find((workload) => workload.id === id);
  }

  private missing(id: string): DecomError {
    return decomError.notFound({ message: `ResourceNotFoundException: Well-Architected workload ${id}`, resource: id });
  }
}

/** A one-page PDF with a line of text. */
function minimalPdf(text: string): string {
  const safe = text.replace(/[()\\]/g, ' ').replace(/[^\x20-\x7e]/g, '-');
  const stream = `BT /F1 12 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  return `${body}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}
