import type { GroupDimension, GroupKey } from '@ips/contracts';

// Every word a person reads for a code, in one place: the dashboard, the charts the query
// service draws, and the published reports (HTML, PDF) name a group with these functions
// only, so a row is called the same wherever it is shown. Where the report and the
// dashboard used to disagree, the report's wording won when reports had already printed it
// (published reports must not change; docs/decisions.md, issue 14); otherwise the more
// explicit wording won.

export const MONTHS: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const QUARTER_NAMES: readonly string[] = [
  'January to March',
  'April to June',
  'July to September',
  'October to December',
];

export const DIMENSION_LABELS: Readonly<Record<GroupDimension, string>> = {
  site: 'Site',
  arm: 'Arm',
  condition: 'Condition',
  cohort: 'Cohort',
  employmentStatus: 'Employment status at referral',
};

export const VALUE_LABELS: Readonly<
  Record<'arm' | 'condition' | 'employmentStatus', Readonly<Record<string, string>>>
> = {
  arm: { ips: 'IPS', usual_care: 'Usual care' },
  condition: {
    mental_health: 'Mental health',
    musculoskeletal: 'Musculoskeletal',
    learning_disability: 'Learning disability',
    multiple: 'More than one condition',
    other: 'Other condition',
  },
  employmentStatus: {
    unemployed: 'Unemployed',
    employed_off_sick: 'Employed, off sick',
    employed_struggling: 'Employed, struggling at work',
  },
};

/** What a group is called when its participants lack the dimension (key value null). */
export const MISSING_VALUE_LABELS: Readonly<Record<GroupDimension, string>> = {
  site: 'Site not recorded',
  arm: 'Not randomised',
  condition: 'Condition not recorded',
  cohort: 'No date',
  employmentStatus: 'Employment status not recorded',
};

export const WHOLE_CUT_LABEL = 'All participants';

/** Cohort granularities in words, for a control that chooses one. */
export const COHORT_GRANULARITY_LABELS: Readonly<Record<string, string>> = {
  month: 'Month',
  quarter: 'Quarter',
  year: 'Year',
};

/** 2017-Q3 → "July to September 2017"; 2017-08 → "August 2017"; 2017 → "2017". */
export function cohortName(cohort: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(cohort);
  if (quarter) return `${QUARTER_NAMES[Number(quarter[2]) - 1]} ${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(cohort);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12)
    return `${MONTHS[Number(month[2]) - 1]} ${month[1]}`;
  return cohort;
}

/** 2018-02-01 → "1 February 2018"; anything that is not an ISO date is returned as given. */
export function longDate(date: string): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!parts || Number(parts[2]) < 1 || Number(parts[2]) > 12) return date;
  return `${Number(parts[3])} ${MONTHS[Number(parts[2]) - 1]} ${Number(parts[1])}`;
}

/** An instant as UK time: "1 February 2018 at 06:00 (UK time)". */
export function ukDateTime(iso: string): string {
  const at = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')} (UK time)`;
}

/** One dimension's value in words; site ids become the site's name where it is known. */
export function valueLabel(
  dimension: GroupDimension,
  value: string | null | undefined,
  siteNames: Readonly<Record<string, string>> = {},
): string {
  if (value === null || value === undefined) return MISSING_VALUE_LABELS[dimension];
  if (dimension === 'site') return siteNames[value] ?? value;
  if (dimension === 'cohort') return cohortName(value);
  return VALUE_LABELS[dimension][value] ?? value;
}

/** An arm in words: "IPS", "Usual care", or "Not randomised" for none. */
export function armLabel(arm: string | null | undefined): string {
  return valueLabel('arm', arm);
}

/** A group's key in words, dimensions in groupBy order: "IPS · Mental health". */
export function groupLabel(
  key: Partial<GroupKey> | null | undefined,
  groupBy: readonly GroupDimension[],
  siteNames: Readonly<Record<string, string>> = {},
): string {
  if (groupBy.length === 0) return WHOLE_CUT_LABEL;
  return groupBy.map((d) => valueLabel(d, key?.[d], siteNames)).join(' · ');
}

/** Health and wellbeing instruments (DESIGN §3 `wellbeing.measured`), as a reader names them. */
export const WELLBEING_INSTRUMENT_LABELS: Readonly<Record<string, string>> = {
  wemwbs: 'Mental wellbeing (WEMWBS, 14\u201370)',
  swemwbs: 'Mental wellbeing, short form (SWEMWBS, 7\u201335)',
  phq9: 'Depression (PHQ-9, 0\u201327)',
  gad7: 'Anxiety (GAD-7, 0\u201321)',
  eq5d_vas: 'Self-rated health (EQ-5D VAS, 0\u2013100)',
};

export function betterDirectionLabel(higherIsBetter: boolean): string {
  return higherIsBetter ? 'higher is better' : 'lower is better';
}
