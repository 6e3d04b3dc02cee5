import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger } from 'pino';

/**
 * SIGTERM / SIGINT: stop taking work, finish what is in hand, close connections, exit 0.
 * Nest's shutdown hooks do the work (the HTTP server stops accepting and waits for the
 * requests in flight, then each module closes: the projector's consumer finishes its batch
 * and leaves the group, producers flush, pools close); `useProcessExit` makes the exit
 * code 0 instead of dying by the re-raised signal, and 1 if a hook failed. A shutdown that
 * hangs (a broker that never answers) is cut short after `timeoutMs` with exit code 1:
 * nothing is half-written by that, since every unit of work commits atomically.
 */
export function enableGracefulShutdown(app: INestApplication, logger: Logger, timeoutMs = 30_000): void {
  app.enableShutdownHooks([], { useProcessExit: true });
  const listeners = (['SIGTERM', 'SIGINT'] as const).map((signal) => {
    const listener = () => {
      logger.info({ signal }, 'shutting down: finishing the work in hand');
      setTimeout(() => {
        logger.error({ signal, timeoutMs }, 'graceful shutdown did not finish in time; exiting');
        process.exit(1);
      }, timeoutMs).unref();
    };
    process.once(signal, listener);
    return [signal, listener] as const;
  });
  // An app closed without a signal (a test's in-process app, app.close()) takes its listeners
  // with it, as Nest does with its own: none pile up on the process (MaxListenersExceededWarning).
  (app.getHttpServer() as Server).once('close', () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  });
}
