import type { GroupDimension } from '@ips/contracts';
import type { ReportContent } from '../report-types';

// Words for codes: what a programme lead reads instead of `usual_care` or `2017-Q3`.

export const ARM_LABELS: Record<string, string> = { ips: 'IPS', usual_care: 'Usual care' };

const CONDITION_LABELS: Record<string, string> = {
  mental_health: 'Mental health',
  musculoskeletal: 'Musculoskeletal',
  learning_disability: 'Learning disability',
  multiple: 'More than one condition',
  other: 'Other condition',
};

const MONTHS = [
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
const QUARTERS = ['January to March', 'April to June', 'July to September', 'October to December'];

export function armLabel(arm: string | null | undefined): string {
  return arm ? (ARM_LABELS[arm] ?? arm) : 'Not randomised';
}

export function keyLabel(
  content: ReportContent,
  dimension: GroupDimension,
  value: string | null | undefined,
): string {
  switch (dimension) {
    case 'arm':
      return armLabel(value);
    case 'condition':
      return value ? (CONDITION_LABELS[value] ?? value) : 'Condition not recorded';
    case 'site':
      return value ? (content.sites.find((s) => s.siteId === value)?.name ?? value) : 'Site not recorded';
    case 'cohort':
      return value ? cohortName(value) : 'No date';
    case 'employmentStatus':
      return value ? value.replace(/_/g, ' ') : 'Not recorded';
  }
}

/** 2017-Q3 → "July to September 2017"; 2017-08 → "August 2017"; 2017 → "2017". */
export function cohortName(cohort: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(cohort);
  if (quarter) return `${QUARTERS[Number(quarter[2]) - 1]} ${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(cohort);
  if (month) return `${MONTHS[Number(month[2]) - 1]} ${month[1]}`;
  return cohort;
}

/** 2018-02-01 → "1 February 2018". */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
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
