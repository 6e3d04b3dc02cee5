import type { OpenAPIObject } from '@nestjs/swagger';

// Every error answer is an ErrorBody (error-body.filter.ts). The ApiKeyGuard answers 401
// (no, unknown or revoked key), 403 (a role the route does not allow) and 429 (the key's
// rate limit) on every keyed route before its handler runs: they are written here once,
// for every operation that is not public (`security: []`), instead of on each controller.
// Error responses a controller declares with a description only get the ErrorBody schema.

export const ERROR_BODY_SCHEMA = {
  type: 'object',
  description:
    'Every error answer: the status, its reason phrase, a message for people, and details where useful',
  properties: {
    statusCode: { type: 'integer', example: 404 },
    error: { type: 'string', example: 'Not Found' },
    message: { type: 'string' },
    details: {
      description: 'e.g. `[{path, message}]` naming the fields of a request that is invalid',
    },
  },
  required: ['statusCode', 'error', 'message'],
} as const;

const GUARD_ANSWERS: Record<string, string> = {
  '401':
    'no key, or an unknown, revoked or malformed one (`WWW-Authenticate: Bearer`), or a key sent in the URL',
  '403': 'the key’s role may not use this operation',
  '429': 'the key’s rate limit is exceeded; retry after `Retry-After` seconds',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  security?: unknown[];
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
}

/** Adds the ErrorBody schema to every error response, and the guard's answers to every keyed operation. */
export function describeErrors(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas.ErrorBody = ERROR_BODY_SCHEMA as never;
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      // public (@Public): `security: [{}]` or `[]`; anything else takes the document's bearer key
      const keyed = !(
        Array.isArray(operation.security) &&
        operation.security.every((s) => typeof s === 'object' && s !== null && Object.keys(s).length === 0)
      );
      if (keyed)
        for (const [status, description] of Object.entries(GUARD_ANSWERS))
          responses[status] ??= { description };
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]\d\d$/.test(status) || response.content) continue;
        response.description ||= 'an error';
        response.content = errorContent;
      }
    }
  }
  return doc;
}
