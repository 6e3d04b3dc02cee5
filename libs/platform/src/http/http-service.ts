import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage, Server } from 'node:http';
import type { Logger } from 'pino';
import { httpSettings } from '../config/common-settings';
import { ConfigurationError, readSettings } from '../config/env-config';
import { PinoNestLogger } from '../logging/logger';
import { ErrorBodyFilter } from './error-body.filter';
import { describeErrors } from './openapi-errors';
import { enableGracefulShutdown } from './graceful-shutdown';
import { RequestBodyReader } from './request-body.interceptor';
import { requestDeadline } from './request-deadline';

export interface HttpServiceOptions {
  service: string;
  logger: Logger;
  host: string;
  port: number;
  /** limit for application/json bodies, e.g. '10mb' */
  jsonBodyLimit: string;
  docs?: { title: string; description: string; version?: string };
  /** ms a client has to send a whole request (slow bodies are cut off); default REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
  /** ms a client has to send the request headers; default HEADERS_TIMEOUT_MS */
  headersTimeoutMs?: number;
  /** deepest nesting accepted in a JSON body; default JSON_MAX_DEPTH */
  jsonMaxDepth?: number;
  /**
   * Requests that stream their body without a size limit (NDJSON and CSV uploads): the
   * total request timeout does not cut them while their handler reads them; the handler
   * cuts a stalled one instead (readWithIdleTimeout). See requestDeadline.
   */
  streamingRequest?: (req: IncomingMessage) => boolean;
  configure?: (app: NestExpressApplication) => void;
  /**
   * Whether the process's SIGTERM/SIGINT stop this app gracefully (default true: an app is its
   * process). An app a test runs inside its own process gives false and is stopped with
   * app.close(): it must not take over the test runner's signals.
   */
  handleSignals?: boolean;
}

/** Creates and starts a Nest HTTP service the same way in every app. */
export async function startHttpService(
  module: unknown,
  options: HttpServiceOptions,
): Promise<INestApplication> {
  // validated before anything starts, like every other setting (a bad one names itself)
  const settings = readSettings(httpSettings);
  const requestTimeoutMs = options.requestTimeoutMs ?? settings.requestTimeoutMs;
  const headersTimeoutMs = Math.min(options.headersTimeoutMs ?? settings.headersTimeoutMs, requestTimeoutMs);
  const app = await NestFactory.create<NestExpressApplication>(module as never, {
    logger: new PinoNestLogger(options.logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.useGlobalFilters(new ErrorBodyFilter(options.logger));
  // Bodies are read after the ApiKeyGuard has let the request in, never before.
  app.useGlobalInterceptors(
    new RequestBodyReader({
      jsonBodyLimit: options.jsonBodyLimit,
      jsonMaxDepth: options.jsonMaxDepth ?? settings.jsonMaxDepth,
    }),
  );
  if (options.streamingRequest) app.use(requestDeadline(requestTimeoutMs, options.streamingRequest));
  if (options.handleSignals !== false) enableGracefulShutdown(app, options.logger);
  options.configure?.(app);

  if (options.docs) {
    const config = new DocumentBuilder()
      .setTitle(options.docs.title)
      .setDescription(options.docs.description)
      .setVersion(options.docs.version ?? '1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        // an opaque key, not a JWT (Nest's default bearerFormat): nothing in it is for the client to read
        bearerFormat: 'opaque API key (ipsk_…)',
        description: 'An API key issued by an administrator, sent as `Authorization: Bearer ipsk_…`.',
      })
      .addSecurityRequirements('bearer')
      .addServer('/', 'this service')
      .build();
    SwaggerModule.setup('docs', app, () => describeErrors(SwaggerModule.createDocument(app, config)), {
      jsonDocumentUrl: 'docs/openapi.json',
    });
  }

  const server = app.getHttpServer() as Server;
  // Slow clients (slowloris): the headers must arrive within headersTimeout and the whole
  // request within requestTimeout, else 408 and the connection is closed. Node checks every
  // connectionsCheckingInterval (30 s by default, far too coarse for short timeouts). A
  // service with streamed uploads enforces the total timeout itself (requestDeadline).
  server.requestTimeout = options.streamingRequest ? 0 : requestTimeoutMs;
  server.headersTimeout = headersTimeoutMs;
  server.keepAliveTimeout = 5_000;
  // (an option of http.createServer, which Nest calls for us; Node reads it when listening)
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    100,
    Math.min(1_000, Math.floor(headersTimeoutMs / 4)),
  );
  await app.listen(options.port, options.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // What this process serves, as express routes it (Nest controllers and anything else,
  // such as the API docs): operators see the surface, the route-matrix test checks it.
  options.logger.info({ routes: expressRoutes(app) }, 'http routes');
  options.logger.info(
    { port, host: options.host, requestTimeoutMs, headersTimeoutMs },
    `${options.service} listening`,
  );
  return app;
}

/** `METHOD /path` for every route, `USE /path` for middleware mounted below the root. */
function expressRoutes(app: NestExpressApplication): string[] {
  const instance = app.getHttpAdapter().getInstance() as { router?: { stack?: RouterLayer[] } };
  const out: string[] = [];
  for (const layer of instance.router?.stack ?? []) {
    const paths = ([] as unknown[]).concat(layer.route?.path ?? layer.rawPath ?? []).map(String);
    if (layer.route) {
      const methods = Object.keys(layer.route.methods ?? {}).filter((m) => m !== '_all');
      for (const path of paths)
        for (const method of methods.length ? methods : ['ALL']) out.push(`${method.toUpperCase()} ${path}`);
    } else {
      for (const path of paths) if (path !== '/' && path !== '') out.push(`USE ${path}`);
    }
  }
  return out;
}

interface RouterLayer {
  rawPath?: unknown;
  route?: { path?: unknown; methods?: Record<string, boolean> };
}

/** Runs an app's main; a configuration error prints what is wrong and exits 1. */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigurationError) {
      process.stderr.write(`[${service}] ${err.message}\n`);
    } else {
      process.stderr.write(`[${service}] failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exit(1);
  });
}
