export const INGEST_LIMITS = Symbol('INGEST_LIMITS');

export interface IngestLimits {
  maxBatch: number;
  chunkSize: number;
  /** a streamed upload (NDJSON, CSV) that sends nothing for this long is answered 408 */
  streamIdleTimeoutMs: number;
}
