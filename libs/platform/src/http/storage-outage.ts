// SQLSTATEs and driver errors that mean "the database is not there right now" (stopped,
// restarting, in crash recovery, unreachable, out of connections), as opposed to a bug or
// a bad request. A request that fails on one of these is answered 503 with Retry-After:
// the client may retry the same request safely.
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const OUTAGE_MESSAGES =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when `err` (or the driver error it wraps) says the database is unavailable. */
export function isStorageOutage(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string' && OUTAGE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && OUTAGE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isStorageOutage(inner, depth + 1))) return true;
  return isStorageOutage(e.driverError, depth + 1) || isStorageOutage(e.cause, depth + 1);
}
