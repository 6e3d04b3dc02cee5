import { WELLBEING_INSTRUMENTS } from '../events/vocabulary';
import {
  EFFECT_METRICS,
  GROUP_DIMENSIONS,
  type ArmComparison,
  type ArmCount,
  type ConsortFlow,
  type CumulativeIncidencePoint,
  type FirstJobComparison,
  type FirstJobOutcome,
  type HazardRatio,
  type HoursOutcome,
  type LogRankTest,
  type MeanDaysOutcome,
  type OutcomeGroup,
  type OutcomeGroupV2,
  type OutcomesResponse,
  type OutcomesResponseV2,
  type ProportionOutcome,
  type StratifiedRiskDifference,
  type TreatmentEffect,
  type TreatmentEffectV2,
  type WellbeingChange,
  type WellbeingComparison,
  type WellbeingSummary,
} from './outcomes';

// OpenAPI schemas of the outcomes answer, written against the TypeScript types they
// describe: `objectOf<T>` takes exactly one schema per property of T (the compiler refuses
// a missing or an extra one), so the published schema and the contract's types cannot drift
// apart in their fields. A client generated from the spec (openapi-typescript) reads the
// same shape the dashboard reads through these types (test/openapi).

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  nullable?: boolean;
  description?: string;
  format?: string;
  enum?: readonly (string | number)[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  oneOf?: JsonSchema[];
}

type Properties<T> = { [K in keyof T]-?: JsonSchema };

/** An object schema with a schema for every property of T, all of them required. */
export function objectOf<T>(properties: Properties<T>, description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties),
  };
}

const integer: JsonSchema = { type: 'integer' };
const nullableNumber = (description?: string): JsonSchema => ({
  type: 'number',
  nullable: true,
  ...(description ? { description } : {}),
});
const nullableInteger: JsonSchema = { type: 'integer', nullable: true };
const isoDate: JsonSchema = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

export const GROUP_KEY_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'One entry per groupBy dimension; null where the participant lacks it (e.g. arm for people never randomised).',
  properties: Object.fromEntries(GROUP_DIMENSIONS.map((d) => [d, { type: 'string', nullable: true }])),
  additionalProperties: false,
};

const FLOW = objectOf<ConsortFlow>(
  {
    referred: integer,
    assessed: integer,
    eligible: integer,
    ineligible: integer,
    consented: integer,
    randomised: integer,
    randomisedIps: integer,
    randomisedUsualCare: integer,
    withdrawn: integer,
    followUpComplete: integer,
  },
  'Participant flow (CONSORT counts)',
);

const INCIDENCE_POINT = objectOf<CumulativeIncidencePoint>({
  day: integer,
  cumulativeIncidence: nullableNumber(
    'Kaplan–Meier share who had started a first job by this day, 1 − S(day)',
  ),
  lower: nullableNumber('95% log-log limit; null where the estimate is 0 or 1'),
  upper: nullableNumber(),
  atRisk: integer,
});

const FIRST_JOB = objectOf<FirstJobOutcome>(
  { n: integer, events: integer, medianDays: nullableInteger, at: arrayOf(INCIDENCE_POINT) },
  'Time to first job (Kaplan–Meier), at days 91, 182 and 365',
);

const proportionProperties: Properties<ProportionOutcome> = {
  numerator: integer,
  denominator: integer,
  rate: nullableNumber('numerator / denominator; null when the denominator is 0'),
  lower: nullableNumber('95% Wilson limit'),
  upper: nullableNumber(),
};
const PROPORTION = objectOf<ProportionOutcome>(proportionProperties);
const HOURS = objectOf<HoursOutcome>({ ...proportionProperties, meanHours: nullableNumber() });
const MEAN_DAYS = objectOf<MeanDaysOutcome>({ n: integer, mean: nullableNumber() });

const groupProperties: Properties<OutcomeGroup> = {
  key: GROUP_KEY_SCHEMA,
  flow: FLOW,
  firstJob: FIRST_JOB,
  jobStart12m: PROPORTION,
  sustained13w: PROPORTION,
  sustained26w: PROPORTION,
  hours16Plus: HOURS,
  daysEmployed12m: MEAN_DAYS,
  worked13wIn12m: PROPORTION,
};

const ARM_COUNT = objectOf<ArmCount>({ numerator: integer, denominator: integer });

const effectProperties: Properties<TreatmentEffect> = {
  key: GROUP_KEY_SCHEMA,
  metric: { type: 'string', enum: EFFECT_METRICS },
  ips: ARM_COUNT,
  usualCare: ARM_COUNT,
  riskDifference: nullableNumber('IPS − usual care, as a proportion'),
  lower: nullableNumber('95% Newcombe hybrid score limit'),
  upper: nullableNumber(),
};

const responseProperties: Omit<Properties<OutcomesResponse>, 'definitionsVersion' | 'groups' | 'effects'> = {
  trialId: { type: 'string' },
  asOf: isoDate,
  groupBy: arrayOf({ type: 'string', enum: GROUP_DIMENSIONS }),
};

/** Definitions version 1 (`definitionsVersion=1`). */
export const OUTCOMES_RESPONSE_V1_SCHEMA = objectOf<OutcomesResponse>(
  {
    ...responseProperties,
    definitionsVersion: { type: 'integer', enum: [1] },
    groups: arrayOf(objectOf<OutcomeGroup>(groupProperties)),
    effects: arrayOf(objectOf<TreatmentEffect>(effectProperties)),
  },
  'Outcomes under definitions version 1',
);

const instrument: JsonSchema = { type: 'string', enum: WELLBEING_INSTRUMENTS };

const WELLBEING_SUMMARY = objectOf<WellbeingSummary>({
  instrument,
  higherIsBetter: { type: 'boolean' },
  randomised: integer,
  withBaseline: integer,
  due: integer,
  withFollowUp: integer,
  baselineMean: nullableNumber(),
  followUpMean: nullableNumber(),
  change: objectOf<WellbeingChange>({
    n: integer,
    mean: nullableNumber(),
    lower: nullableNumber('95% t limit; null when n < 2'),
    upper: nullableNumber(),
  }),
});

const STRATIFIED = objectOf<StratifiedRiskDifference>(
  { strata: integer, riskDifference: nullableNumber(), lower: nullableNumber(), upper: nullableNumber() },
  'Mantel–Haenszel risk difference stratified by site',
);

const COMPARISON = objectOf<ArmComparison>({
  key: GROUP_KEY_SCHEMA,
  firstJob: objectOf<FirstJobComparison>({
    strata: integer,
    logRank: objectOf<LogRankTest>({
      observedIps: integer,
      expectedIps: nullableNumber(),
      observedUsualCare: integer,
      expectedUsualCare: nullableNumber(),
      chiSquare: nullableNumber(),
      p: nullableNumber(),
    }),
    hazardRatio: objectOf<HazardRatio>({
      estimate: nullableNumber('IPS vs usual care, Cox proportional hazards stratified by site'),
      lower: nullableNumber(),
      upper: nullableNumber(),
      p: nullableNumber(),
    }),
  }),
  wellbeing: arrayOf(
    objectOf<WellbeingComparison>({
      instrument,
      higherIsBetter: { type: 'boolean' },
      n: integer,
      nIps: integer,
      nUsualCare: integer,
      adjustedDifference: nullableNumber('IPS − usual care at follow-up, adjusted for baseline and site'),
      lower: nullableNumber(),
      upper: nullableNumber(),
      p: nullableNumber(),
    }),
  ),
});

/** Definitions version 2 (the default). */
export const OUTCOMES_RESPONSE_V2_SCHEMA = objectOf<OutcomesResponseV2>(
  {
    ...responseProperties,
    definitionsVersion: { type: 'integer', enum: [2] },
    groups: arrayOf(objectOf<OutcomeGroupV2>({ ...groupProperties, wellbeing: arrayOf(WELLBEING_SUMMARY) })),
    effects: arrayOf(objectOf<TreatmentEffectV2>({ ...effectProperties, stratified: STRATIFIED })),
    comparisons: arrayOf(COMPARISON),
  },
  'Outcomes under definitions version 2 (the default)',
);

/** GET /v1/trials/{trialId}/outcomes, JSON: version 2 unless version 1 was asked for. */
export const OUTCOMES_RESPONSE_SCHEMA: JsonSchema = {
  oneOf: [OUTCOMES_RESPONSE_V2_SCHEMA, OUTCOMES_RESPONSE_V1_SCHEMA],
};
