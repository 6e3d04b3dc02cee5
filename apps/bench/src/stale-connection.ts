/**
 * A network failure before any answer, on a connection the client reused: the server closed
 * it while it sat idle (its keep-alive timeout) and the client had not yet noticed.
 */
export function isStaleConnection(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } })?.cause;
  return (
    err instanceof TypeError &&
    ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED'].includes(cause?.code ?? '')
  );
}
