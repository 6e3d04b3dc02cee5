import { createHash } from 'node:crypto';
import { canonicalJson } from '@ips/contracts';
import { METADATA_FIELDS, type ReportContent } from '../report-types';

/**
 * SHA-256 (hex) of the canonical JSON of a report's content: keys sorted at every level,
 * no whitespace, numbers as JSON writes them. A reader verifies a downloaded report by
 * removing the metadata fields (METADATA_FIELDS) from the JSON document and hashing the rest.
 */
export function contentHash(content: ReportContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** The content of a JSON document as served (metadata fields removed). */
export function contentOf(document: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...document };
  for (const field of METADATA_FIELDS) delete copy[field];
  return copy;
}
