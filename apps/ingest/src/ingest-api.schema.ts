import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { objectOf, type JsonSchema } from '@ips/contracts';
import type { StoredFinding } from '@ips/persistence';
import type { ApiKeyStore } from '@ips/platform';
import type { CurrentKey } from './admin/current-key.http.controller';
import type { SiteDataQuality } from './data-quality/site-data-quality.http.controller';

// OpenAPI schemas of the ingest's JSON answers that have no DTO class, written against the
// TypeScript types the controllers return (objectOf: one schema per property, the compiler
// refuses a missing or an extra one), as libs/contracts/src/api/outcomes.schema.ts does.

const string: JsonSchema = { type: 'string' };
const nullableString: JsonSchema = { type: 'string', nullable: true };
const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
const role: JsonSchema = {
  type: 'string',
  description: '`admin`, `evaluator`, `programme_lead`, or `site:<siteId>` for a site key',
};

type KeySummary = Awaited<ReturnType<ApiKeyStore['list']>>[number];

export const KEY_LIST_SCHEMA = {
  type: 'object',
  properties: {
    keys: {
      type: 'array',
      items: objectOf<KeySummary>({
        keyId: { type: 'string', format: 'uuid' },
        role,
        siteId: nullableString,
        bootstrap: { type: 'boolean', description: 'the ADMIN_API_KEY the service was started with' },
        createdAt: timestamp,
        revokedAt: { ...timestamp, nullable: true },
      }),
    },
  },
  required: ['keys'],
} as SchemaObject;

export const CURRENT_KEY_SCHEMA = objectOf<CurrentKey>({
  keyId: { type: 'string', format: 'uuid' },
  role: { type: 'string', enum: ['admin', 'evaluator', 'programme_lead', 'site'] },
  site: {
    ...objectOf<NonNullable<CurrentKey['site']>>({
      siteId: string,
      name: string,
      trialId: string,
      trialName: string,
    }),
    nullable: true,
    description: 'the site and trial of a site key; null for any other key',
  },
}) as SchemaObject;

type Finding = Omit<StoredFinding, 'siteId'>;

export const SITE_DATA_QUALITY_SCHEMA = objectOf<SiteDataQuality>({
  siteId: string,
  trialId: string,
  count: { type: 'integer', description: 'open findings' },
  byCode: {
    type: 'object',
    description: 'open findings per code',
    additionalProperties: { type: 'integer' },
  },
  findings: {
    type: 'array',
    items: objectOf<Finding>({
      participantId: string,
      code: string,
      eventId: string,
      occurredOn: { type: 'string', format: 'date', description: 'YYYY-MM-DD' },
      message: string,
    }),
  },
}) as SchemaObject;
