// Calls to the page's own service with the key in the Authorization header: no cookies,
// no referrer, no redirects. An answer that is not 2xx becomes an ApiFailure carrying the
// status and the service's error body ({statusCode, error, message, details?}) unchanged.

export interface ErrorBody {
  message?: unknown;
  details?: unknown;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: ErrorBody | null = null,
  ) {
    super(message);
  }
}

export function statusOf(e: unknown): number | undefined {
  return e instanceof ApiFailure ? e.status : undefined;
}

/** `details` of an error body as field errors, if it holds any: [{path, message}]. */
export function fieldErrorsOf(body: ErrorBody | null): { path: string; message: string }[] {
  if (!body || !Array.isArray(body.details)) return [];
  return (body.details as unknown[])
    .filter(
      (d): d is { path?: unknown; message: unknown } =>
        typeof (d as { message?: unknown })?.message === 'string',
    )
    .map((d) => ({ path: typeof d.path === 'string' ? d.path : '', message: d.message as string }));
}

export function parseErrorBody(text: string): ErrorBody | null {
  try {
    const body: unknown = JSON.parse(text);
    return body && typeof body === 'object' ? body : null;
  } catch {
    return null;
  }
}

export interface RequestOptions {
  /** what to ask for (Accept); JSON by default */
  accept?: string;
  /** GET by default */
  method?: 'GET' | 'POST';
  /** a JSON body (sent as application/json) */
  json?: unknown;
}

/**
 * A request to this service with the key. `describe` turns a failed answer into the
 * sentence the page shows; the ApiFailure keeps the error body too.
 */
export async function apiRequest(
  path: string,
  key: string,
  describe: (status: number, body: ErrorBody | null) => string,
  { accept = 'application/json', method = 'GET', json }: RequestOptions = {},
): Promise<Response> {
  if (!key) throw new ApiFailure(401, 'Sign in with your API key first.');
  const headers: Record<string, string> = { Authorization: `Bearer ${key}`, Accept: accept };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiFailure(0, 'The service could not be reached. Check the connection and try again.');
  }
  if (!response.ok) {
    const body = parseErrorBody(await response.text().catch(() => ''));
    throw new ApiFailure(response.status, describe(response.status, body), body);
  }
  return response;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POSTs a body with the key, reporting upload progress (XMLHttpRequest: fetch cannot). The
 * answer's JSON on 2xx; otherwise an ApiFailure as apiRequest's.
 */
export function apiUpload(
  path: string,
  key: string,
  body: Blob,
  contentType: string,
  describe: (status: number, body: ErrorBody | null) => string,
  onProgress: (progress: UploadProgress) => void,
): Promise<unknown> {
  if (!key) return Promise.reject(new ApiFailure(401, 'Sign in with your API key first.'));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = false;
    xhr.setRequestHeader('Authorization', `Bearer ${key}`);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) =>
      onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : body.size }),
    );
    xhr.addEventListener('load', () => {
      const parsed = parseErrorBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        if (parsed === null)
          reject(new ApiFailure(xhr.status, 'The service sent an answer the page cannot read.'));
        else resolve(parsed);
      } else reject(new ApiFailure(xhr.status, describe(xhr.status, parsed), parsed));
    });
    const unreachable = () =>
      reject(new ApiFailure(0, 'The upload did not reach the service. Check the connection and try again.'));
    xhr.addEventListener('error', unreachable);
    xhr.addEventListener('abort', unreachable);
    xhr.send(body);
  });
}
