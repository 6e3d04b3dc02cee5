import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { GROUP_KEY_SCHEMA, MONITORING_RESPONSE_SCHEMA, objectOf, type JsonSchema } from '@ips/contracts';
import type {
  EmailDeliveryStatus,
  EmailSubscription,
  RunRecord,
  DeliveryStatus,
  Subscription,
} from '@ips/persistence';
import {
  REPORT_TABLES,
  REPORT_TYPES,
  type ReportDocument,
  type ReportLinks,
  type ReportMetadata,
} from './reports/report-types';
import type { ScheduleView } from './schedules/schedule-view';

// OpenAPI schemas of the reporting service's JSON answers, written against the TypeScript
// types the controllers return (objectOf: one schema per property, the compiler refuses a
// missing or an extra one), as libs/contracts/src/api/outcomes.schema.ts does for the query.

const string: JsonSchema = { type: 'string' };
const nullableString: JsonSchema = { type: 'string', nullable: true };
const integer: JsonSchema = { type: 'integer' };
const boolean: JsonSchema = { type: 'boolean' };
const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
const nullableTimestamp: JsonSchema = { ...timestamp, nullable: true };
const isoDate: JsonSchema = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const oneOf = (values: readonly string[], nullable = false): JsonSchema => ({
  type: 'string',
  enum: values,
  ...(nullable ? { nullable } : {}),
});
const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, nullable: true });
/** objectOf, with the optional properties of T left out of `required`. */
const withOptional = (schema: JsonSchema, ...optional: string[]): JsonSchema => ({
  ...schema,
  required: (schema.required ?? []).filter((name) => !optional.includes(name)),
});
/** The schema as @nestjs/swagger's decorators take it. */
export const openApi = (schema: JsonSchema): SchemaObject => schema as SchemaObject;
export const listOf = (name: string, items: JsonSchema): SchemaObject =>
  openApi({ type: 'object', properties: { [name]: arrayOf(items) }, required: [name] });

const counts = {
  type: 'object',
  properties: { pending: integer, delivered: integer, failed: integer },
  required: ['pending', 'delivered', 'failed'],
} satisfies JsonSchema;
const deliveryState = oneOf(['pending', 'delivered', 'failed']);

const OFFSETS = arrayOf({
  type: 'object',
  properties: {
    partition: integer,
    nextOffset: { type: 'string', description: 'a 64-bit offset, as a string' },
  },
  required: ['partition', 'nextOffset'],
});

const LINKS = objectOf<ReportLinks>(
  { json: string, csv: string, html: string, pdf: string },
  'Where the report is, in each format (paths on this service)',
);

export const REPORT_METADATA_SCHEMA = objectOf<ReportMetadata>(
  {
    id: uuid,
    trialId: string,
    type: oneOf(REPORT_TYPES),
    asOf: isoDate,
    version: { type: 'integer', description: 'the n-th report of this trial, type and as-of date' },
    createdAt: timestamp,
    trigger: oneOf(['schedule', 'on_demand']),
    scheduledFor: nullableTimestamp,
    definitionsVersion: integer,
    contentHash: { type: 'string', description: 'SHA-256 (hex) of the report’s content as canonical JSON' },
    eventCount: integer,
    offsets: OFFSETS,
    links: LINKS,
  },
  'A report’s metadata: about the report rather than in it (not hashed)',
);

const PUBLISHED_TABLE: JsonSchema = {
  type: 'object',
  description:
    'An outcome table as published: its groups and effects (and, under definitions version 2, comparisons and wellbeing), every ' +
    'figure through disclosure control (`"*"` where suppressed or withheld)',
};

export const REPORT_DOCUMENT_SCHEMA = withOptional(
  objectOf<ReportDocument>(
    {
      id: uuid,
      reportFormat: { type: 'integer', enum: [1] },
      trialId: string,
      trial: {
        type: 'object',
        properties: { name: string, startDate: isoDate, firstAnniversary: isoDate },
        required: ['name', 'startDate', 'firstAnniversary'],
      },
      type: oneOf(REPORT_TYPES),
      asOf: isoDate,
      definitionsVersion: integer,
      cohortBy: oneOf(['quarter']),
      provenance: {
        type: 'object',
        properties: { topic: string, consumerGroup: string, offsets: OFFSETS, eventCount: integer },
        required: ['topic', 'consumerGroup', 'offsets', 'eventCount'],
      },
      sites: arrayOf({
        type: 'object',
        properties: { siteId: string, name: string },
        required: ['siteId', 'name'],
      }),
      tables: {
        type: 'object',
        properties: Object.fromEntries(REPORT_TABLES.map((t) => [t.name, PUBLISHED_TABLE])),
        required: REPORT_TABLES.map((t) => t.name),
      },
      firstJobCurves: arrayOf({
        type: 'object',
        properties: {
          key: GROUP_KEY_SCHEMA,
          curve: {
            type: 'object',
            description: 'the curve as disclosure allows it to be drawn, or why it is suppressed',
          },
        },
        required: ['key', 'curve'],
      }),
      disclosure: {
        type: 'object',
        properties: {
          method: string,
          suppressed: {
            type: 'object',
            properties: { primary: integer, secondary: integer },
            required: ['primary', 'secondary'],
          },
        },
        required: ['method', 'suppressed'],
      },
      monitoring: {
        type: 'object',
        description: 'the monitoring table and verdict; only in reports of a trial with a monitoring plan',
      },
      version: integer,
      createdAt: timestamp,
      trigger: oneOf(['schedule', 'on_demand']),
      scheduledFor: nullableTimestamp,
      contentHash: string,
      links: LINKS,
    },
    'A report: its metadata, then its content (what contentHash covers)',
  ),
  'monitoring',
);

const RUN = objectOf<RunRecord>({
  runId: string,
  type: oneOf(REPORT_TYPES),
  scheduledFor: timestamp,
  asOf: isoDate,
  status: oneOf(['claimed', 'done', 'failed']),
  attempts: integer,
  reportId: nullable(uuid),
  lastError: nullableString,
});

export const SCHEDULE_SCHEMA = withOptional(
  objectOf<ScheduleView>(
    {
      trialId: string,
      cron: string,
      timezone: { type: 'string', description: 'IANA time zone, e.g. Europe/London' },
      enabled: boolean,
      updatedAt: timestamp,
      updatedBy: { type: 'string', description: 'the key id that last changed it' },
      nextInterimReports: arrayOf({
        type: 'object',
        properties: { at: timestamp, asOf: isoDate },
        required: ['at', 'asOf'],
      }),
      firstYear: { type: 'object', properties: { asOf: isoDate, due: boolean }, required: ['asOf', 'due'] },
      recentRuns: { ...arrayOf(RUN), description: 'one trial’s schedule only' },
    },
    'A trial’s report schedule and its next interim reports',
  ),
  'recentRuns',
);

export const MONITORING_SCHEMA = MONITORING_RESPONSE_SCHEMA;

export const DELIVERY_SCHEMA = objectOf<DeliveryStatus>({
  deliveryId: uuid,
  subscriptionId: uuid,
  reportId: uuid,
  url: string,
  status: deliveryState,
  attempts: integer,
  lastAttemptAt: nullableTimestamp,
  lastStatusCode: { type: 'integer', nullable: true },
  lastError: nullableString,
  nextAttemptAt: nullableTimestamp,
  deliveredAt: nullableTimestamp,
});

export const SUBSCRIPTION_SCHEMA = objectOf<Subscription>(
  {
    subscriptionId: uuid,
    trialId: { type: 'string', nullable: true, description: 'null: every trial' },
    url: string,
    createdAt: timestamp,
    revokedAt: nullableTimestamp,
    deliveries: counts,
    lastDelivery: { ...DELIVERY_SCHEMA, nullable: true },
  },
  'A webhook subscription (never its secret)',
);

export const EMAIL_SUBSCRIPTION_SCHEMA = objectOf<EmailSubscription>(
  {
    subscriptionId: uuid,
    trialId: { type: 'string', nullable: true, description: 'null: every trial' },
    address: {
      type: 'string',
      nullable: true,
      description: 'null when it was sealed under another REPORTING_SECRET_KEY than the one configured',
    },
    status: oneOf(['pending', 'confirmed', 'ended']),
    createdAt: timestamp,
    confirmedAt: nullableTimestamp,
    endedAt: nullableTimestamp,
    endedBy: oneOf(['unsubscribe link', 'api'], true),
    deliveries: counts,
  },
  'An e-mail subscription',
);

export const EMAIL_DELIVERY_SCHEMA = objectOf<EmailDeliveryStatus>({
  deliveryId: uuid,
  subscriptionId: uuid,
  kind: oneOf(['confirmation', 'report']),
  reportId: nullable(uuid),
  status: deliveryState,
  attempts: integer,
  lastAttemptAt: nullableTimestamp,
  lastError: nullableString,
  lastResponse: nullableString,
  nextAttemptAt: nullableTimestamp,
  deliveredAt: nullableTimestamp,
});

/** The answer of an e-mail link's page: HTML for a person, whatever the status. */
export const HTML_PAGE = { 'text/html': { schema: { type: 'string' as const } } };
