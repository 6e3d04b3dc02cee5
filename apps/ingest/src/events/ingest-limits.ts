export const INGEST_LIMITS = Symbol('INGEST_LIMITS');

export interface IngestLimits {
  maxBatch: number;
  chunkSize: number;
}
