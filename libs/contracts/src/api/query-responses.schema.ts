import type { AnalysisExportMetadata } from './analysis-dataset';
import type { MonitoringLookView, MonitoringPlanView, MonitoringResponse } from './monitoring';
import { EFFECT_METRICS, GROUP_DIMENSIONS } from './outcomes';
import { GROUP_KEY_SCHEMA, objectOf, type JsonSchema } from './outcomes.schema';
import type {
  DataQualityFinding,
  FirstJobCurveGroup,
  FirstJobCurveStep,
  FirstJobCurvesResponse,
  TrialDataQuality,
  TrialSummary,
  TrialsResponse,
} from './query-responses';

// OpenAPI schemas of the query API's other answers and of the monitoring answer (which the
// reporting service answers too), written with objectOf against the types they describe,
// as outcomes.schema.ts does: the published schema cannot miss or add a field.

const string: JsonSchema = { type: 'string' };
const integer: JsonSchema = { type: 'integer' };
const number: JsonSchema = { type: 'number' };
const boolean: JsonSchema = { type: 'boolean' };
const nullableNumber: JsonSchema = { type: 'number', nullable: true };
const isoDate: JsonSchema = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const countsBy = (description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'integer' },
});

/** GET /v1/trials */
export const TRIALS_RESPONSE_SCHEMA = objectOf<TrialsResponse>({
  trials: arrayOf(
    objectOf<TrialSummary>({
      trialId: string,
      name: string,
      startDate: isoDate,
      sites: arrayOf({
        type: 'object',
        properties: { siteId: string, name: string },
        required: ['siteId', 'name'],
      }),
    }),
  ),
  analysisExports: { type: 'boolean', description: 'whether this key may make analysis datasets' },
  monitoring: { type: 'boolean', description: 'whether this key may read interim monitoring' },
  monitoringPlans: { ...arrayOf(string), description: 'the listed trials that have a monitoring plan' },
});

/** GET /v1/trials/{trialId}/outcomes/first-job-curves */
export const FIRST_JOB_CURVES_SCHEMA = objectOf<FirstJobCurvesResponse>({
  trialId: string,
  asOf: isoDate,
  definitionsVersion: { type: 'integer', enum: [1] },
  groupBy: arrayOf({ type: 'string', enum: GROUP_DIMENSIONS }),
  groups: arrayOf(
    objectOf<FirstJobCurveGroup>({
      key: GROUP_KEY_SCHEMA,
      n: integer,
      events: integer,
      medianDays: { type: 'integer', nullable: true },
      steps: arrayOf(
        objectOf<FirstJobCurveStep>({
          day: integer,
          atRisk: integer,
          events: integer,
          censored: integer,
          cumulativeIncidence: {
            type: 'number',
            description: 'F(day) = 1 − S(day); holds until the next step',
          },
          lower: nullableNumber,
          upper: nullableNumber,
        }),
      ),
    }),
  ),
});

/** GET /v1/trials/{trialId}/data-quality */
export const TRIAL_DATA_QUALITY_SCHEMA = objectOf<TrialDataQuality>({
  trialId: string,
  count: integer,
  byCode: countsBy('open findings per code'),
  bySite: countsBy('open findings per site'),
  findings: arrayOf(
    objectOf<DataQualityFinding>({
      siteId: string,
      participantId: string,
      code: string,
      eventId: string,
      occurredOn: isoDate,
      message: string,
    }),
  ),
});

/** POST /v1/trials/{trialId}/exports, and GET /v1/exports/{id}.json */
export const ANALYSIS_EXPORT_METADATA_SCHEMA = objectOf<AnalysisExportMetadata>({
  id: { type: 'string', format: 'uuid' },
  trialId: string,
  asOf: isoDate,
  shiftDates: boolean,
  definitionsVersion: { type: 'integer', enum: [2] },
  createdAt: timestamp,
  participants: integer,
  eventCount: integer,
  kafka: {
    type: 'object',
    properties: {
      consumerGroup: string,
      offsets: arrayOf({
        type: 'object',
        properties: { topic: string, partition: integer, nextOffset: string },
        required: ['topic', 'partition', 'nextOffset'],
      }),
    },
    required: ['consumerGroup', 'offsets'],
  },
  files: arrayOf({
    type: 'object',
    properties: { name: string, bytes: integer, sha256: string, rows: integer },
    required: ['name', 'bytes', 'sha256'],
  }),
  archive: { type: 'object', properties: { bytes: integer, sha256: string }, required: ['bytes', 'sha256'] },
  links: { type: 'object', properties: { zip: string, self: string }, required: ['zip', 'self'] },
});

const LOOK = objectOf<MonitoringLookView>({
  reportId: {
    type: 'string',
    nullable: true,
    description: 'the report the look was taken with; null for `next`',
  },
  asOf: isoDate,
  informationFraction: number,
  z: number,
  boundary: number,
  nominalP: number,
  alphaSpent: number,
  crossed: boolean,
});

/** GET /v1/trials/{trialId}/monitoring (the reporting and the query service) */
export const MONITORING_RESPONSE_SCHEMA = objectOf<MonitoringResponse>(
  {
    plan: objectOf<MonitoringPlanView>({
      trialId: string,
      primaryOutcome: { type: 'string', enum: EFFECT_METRICS },
      plannedParticipants: integer,
      alpha: number,
      setAt: timestamp,
    }),
    looks: arrayOf(LOOK),
    next: { ...LOOK, nullable: true },
  },
  'The monitoring plan, the looks published so far, and the look a report at asOf would be',
);
