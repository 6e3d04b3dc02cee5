// @ips/simulation: a seeded, realistic IPS trial generator and an ingest API client. Used
// by the simulator CLI (apps/simulator), the demo and the benchmarks.
export * from './generation';
export * from './ingest-client/event-sender';
export * from './ingest-client/http-transport';
export * from './ingest-client/ndjson-lines';
export * from './ingest-client/retry-policy';
export * from './ingest-client/site-keys';
export * from './ingest-client/trial-admin';
