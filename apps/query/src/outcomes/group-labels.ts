import type { GroupDimension, GroupKey } from '@ips/contracts';

// Words for codes, for people reading charts and the dashboard: "IPS" rather than
// `ips`, "Condition not recorded" rather than null. The dashboard's script gets the same
// tables (as JSON), so the chart and the tables beside it always name a group alike.

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

/** What a group is called when its participants lack the dimension (DESIGN §6: key value null). */
export const MISSING_VALUE_LABELS: Readonly<Record<GroupDimension, string>> = {
  site: 'Site not recorded',
  arm: 'Not randomised',
  condition: 'Condition not recorded',
  cohort: 'No cohort date',
  employmentStatus: 'Employment status not recorded',
};

export const WHOLE_CUT_LABEL = 'All participants';

/** One dimension's value in words; site ids become the site's name where it is known. */
export function valueLabel(
  dimension: GroupDimension,
  value: string | null | undefined,
  siteNames: Readonly<Record<string, string>> = {},
): string {
  if (value === null || value === undefined) return MISSING_VALUE_LABELS[dimension];
  if (dimension === 'site') return siteNames[value] ?? value;
  if (dimension === 'cohort') return value;
  return VALUE_LABELS[dimension][value] ?? value;
}

/** A group's key in words, dimensions in groupBy order: "IPS · Mental health". */
export function groupLabel(
  key: GroupKey,
  groupBy: readonly GroupDimension[],
  siteNames: Readonly<Record<string, string>> = {},
): string {
  if (groupBy.length === 0) return WHOLE_CUT_LABEL;
  return groupBy.map((d) => valueLabel(d, key[d], siteNames)).join(' · ');
}
