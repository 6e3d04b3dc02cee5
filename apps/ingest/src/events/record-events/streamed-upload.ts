import type { IncomingMessage } from 'node:http';

const STREAMED: Record<string, string[]> = {
  '/v1/events': ['application/x-ndjson', 'application/ndjson'],
  '/v1/events/csv': ['text/csv'],
};

/**
 * The uploads that are read as a stream without a batch limit (RecordEventsHttpController):
 * NDJSON to POST /v1/events and CSV to POST /v1/events/csv. The total request timeout does
 * not apply to them; INGEST_STREAM_IDLE_TIMEOUT_MS does.
 */
export function isStreamedUpload(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  return STREAMED[path]?.includes(type) ?? false;
}
