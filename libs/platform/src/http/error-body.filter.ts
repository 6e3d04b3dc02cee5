import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { isStorageOutage } from './storage-outage';

/** Every error body is `{statusCode, error, message, details?}` (DESIGN §4). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export class ApiError extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message, status);
  }
}

@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { body, headers } = this.toBody(exception);
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      this.logger.error({ err: describe(exception) }, 'unhandled error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): { body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof ApiError) {
      const status = exception.getStatus();
      return {
        body: {
          statusCode: status,
          error: reason(status),
          message: exception.message,
          ...(exception.details !== undefined ? { details: exception.details } : {}),
        },
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      let details: unknown;
      if (typeof response === 'object' && response !== null) {
        const r = response as { message?: unknown };
        if (Array.isArray(r.message)) {
          message = 'request is invalid';
          details = r.message;
        } else if (typeof r.message === 'string') message = r.message;
      }
      return {
        body: { statusCode: status, error: reason(status), message, ...(details ? { details } : {}) },
        headers: {},
      };
    }
    // body-parser errors carry a status (400 bad JSON or too deep, 413 too large, 415 charset)
    const status =
      (exception as { status?: number; statusCode?: number })?.status ??
      (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        body: { statusCode: status, error: reason(status), message: bodyErrorMessage(exception, status) },
        headers: {},
      };
    }
    // the database is away (stopped, restarting): the request may be retried as it is
    if (isStorageOutage(exception)) {
      return {
        body: { statusCode: 503, error: reason(503), message: 'storage is unavailable; retry later' },
        headers: { 'Retry-After': '5' },
      };
    }
    return { body: { statusCode: 500, error: reason(500), message: 'internal error' }, headers: {} };
  }
}

/** What a body-parser error says, without echoing the body (its messages can quote it). */
function bodyErrorMessage(exception: unknown, status: number): string {
  const e = exception as { type?: string; limit?: number; message?: string };
  switch (e.type) {
    case 'entity.too.large':
      return typeof e.limit === 'number'
        ? `request body is too large: at most ${e.limit} bytes`
        : 'request body is too large';
    case 'entity.parse.failed':
      return 'request body is not valid JSON';
    case 'entity.too.deep':
    case 'charset.unsupported':
      return e.message ?? reason(status);
    case 'encoding.unsupported':
      return 'request body encoding is not supported: send it uncompressed';
    case 'request.aborted':
      return 'request was aborted before its body arrived';
    case 'request.size.invalid':
      return 'request body is shorter or longer than its Content-Length';
    default:
      return e.message ?? reason(status);
  }
}

function reason(status: number): string {
  const known: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    406: 'Not Acceptable',
    408: 'Request Timeout',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return known[status] ?? HttpStatus[status] ?? 'Error';
}

function describe(err: unknown): { name?: string; message?: string; stack?: string } {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}
