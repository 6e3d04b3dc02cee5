import type { WellbeingInstrument } from '@ips/contracts';

// The contract's WELLBEING_INSTRUMENTS and directions (DESIGN §3), restated because the
// domain may import only types. The checks below fail to compile if the contract gains an
// instrument this list lacks.

export const INSTRUMENTS = [
  'wemwbs',
  'swemwbs',
  'phq9',
  'gad7',
  'eq5d_vas',
] as const satisfies readonly WellbeingInstrument[];

type Missing = Exclude<WellbeingInstrument, (typeof INSTRUMENTS)[number]>;
const everyInstrumentListed: [Missing] extends [never] ? true : never = true;
void everyInstrumentListed;

export const HIGHER_IS_BETTER: Readonly<Record<WellbeingInstrument, boolean>> = {
  wemwbs: true,
  swemwbs: true,
  phq9: false,
  gad7: false,
  eq5d_vas: true,
};

/** DESIGN §6b windows, in days from t0 */
export const BASELINE_DAYS_BEFORE = 30;
export const FOLLOW_UP_FROM_DAY = 305;
export const FOLLOW_UP_TARGET_DAY = 365;
export const FOLLOW_UP_TO_DAY = 425;
