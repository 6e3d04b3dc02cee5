import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Observable } from 'rxjs';
import { ApiError } from './error-body.filter';
import { jsonNestsDeeperThan, parseByteSize } from './json-depth';

export interface RequestBodyLimits {
  /** largest JSON body, e.g. '64kb' */
  jsonBodyLimit: string;
  /** deepest nesting of arrays and objects */
  jsonMaxDepth: number;
}

/**
 * Reads request bodies only once the global ApiKeyGuard has let the request in: a caller
 * without a valid key, over its rate limit or on a route its role may not use is answered
 * before a byte of its body is buffered or parsed (Node discards the rest of the upload),
 * so anonymous clients cannot make a service hold and parse megabytes of JSON. Public
 * routes (health, metrics) take no body at all.
 *
 * Then, for the request that is let in:
 * - any `Content-Encoding` but identity is refused (415): a compressed body would be
 *   inflated past every limit, and streamed uploads would read it as text;
 * - a JSON body (`application/json`, `application/*+json`) is read up to the limit (413,
 *   answered at once when the declared length is over it), must be UTF-8 (415) and may not
 *   nest deeper than `jsonMaxDepth` (400, found by a byte scan before JSON.parse);
 * - any other body goes to routes that declare what they consume (`@ApiConsumes`), which
 *   read the stream themselves and judge its type; elsewhere it is refused (415).
 */
export class RequestBodyReader implements NestInterceptor {
  private readonly limitBytes: number;
  private readonly readJson: RequestHandler;

  constructor(private readonly limits: RequestBodyLimits) {
    this.limitBytes = parseByteSize(limits.jsonBodyLimit);
    this.readJson = express.json({
      limit: this.limitBytes,
      type: isJsonRequest,
      strict: true,
      verify: (_req, _res, bytes, charset) => checkJsonBytes(bytes, charset, limits.jsonMaxDepth),
    });
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { principal?: unknown }>();
    if (!carriesBody(req) || !req.principal) return next.handle();

    const coding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (coding !== 'identity' && coding !== '') {
      throw new ApiError(415, `Content-Encoding ${coding} is not accepted: send the body uncompressed`);
    }
    if (isJsonRequest(req)) {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > this.limitBytes) {
        throw new ApiError(413, `request body is too large: at most ${this.limits.jsonBodyLimit}`);
      }
      const res = context.switchToHttp().getResponse<Response>();
      await new Promise<void>((resolve, reject) =>
        this.readJson(req, res, ((err?: unknown) => (err ? reject(err) : resolve())) as NextFunction),
      );
      return next.handle();
    }
    const consumes: unknown =
      Reflect.getMetadata(DECORATORS.API_CONSUMES, context.getHandler()) ??
      Reflect.getMetadata(DECORATORS.API_CONSUMES, context.getClass());
    if (!Array.isArray(consumes)) {
      throw new ApiError(
        415,
        `Content-Type ${mediaType(req) || '(none)'} is not accepted here: send application/json`,
      );
    }
    return next.handle();
  }
}

function mediaType(req: Request): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function isJsonRequest(req: Request | { headers: Request['headers'] }): boolean {
  const type = mediaType(req as Request);
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function carriesBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}

/** body-parser's verify hook: runs on the raw bytes, before they are decoded and parsed. */
function checkJsonBytes(bytes: Buffer, charset: string, maxDepth: number): void {
  const name = (charset ?? 'utf-8').toLowerCase();
  if (name !== 'utf-8' && name !== 'utf8') {
    throw Object.assign(new Error(`charset ${name} is not accepted: send UTF-8`), {
      status: 415,
      type: 'charset.unsupported',
    });
  }
  if (jsonNestsDeeperThan(bytes, maxDepth)) {
    throw Object.assign(
      new Error(`request body nests deeper than ${maxDepth} levels (the JSON_MAX_DEPTH limit)`),
      { status: 400, type: 'entity.too.deep' },
    );
  }
}
