import type { ReportLinks } from './report-types';

export const REPORT_LINKS = Symbol('REPORT_LINKS');

/** Where a report can be read: absolute when REPORTING_PUBLIC_URL is set, else paths on this service. */
export class ReportLinker {
  constructor(private readonly publicUrl: string | undefined) {}

  links(reportId: string): ReportLinks {
    const base = `${(this.publicUrl ?? '').replace(/\/+$/, '')}/v1/reports/${reportId}`;
    return { json: `${base}.json`, csv: `${base}.csv`, html: `${base}.html`, pdf: `${base}.pdf` };
  }
}
