import type { EmploymentStatus } from '@ips/contracts';

// The two sites of the health-led trials the simulator plays by default. Shares and the
// employment mix follow the trials' published design (DWP research report 1025, 2023):
// Sheffield City Region recruited 6,110 people, including an in-work group (employed but
// off sick or struggling); the West Midlands recruited 3,675, all out of work. The
// in-work proportions are this simulator's assumption, not published figures.

export type SiteProfileName = 'sheffield' | 'west-midlands';

/** How often a site uploads: every working day, or once a week (Fridays). */
export type UploadCadence = 'working_days' | 'weekly';

export interface SiteProfile {
  key: SiteProfileName;
  name: string;
  /** participant ids look like `SCR-000123` */
  participantPrefix: string;
  /** share of the trial's participants referred at this site */
  share: number;
  employmentMix: Readonly<Record<EmploymentStatus, number>>;
  uploadCadence: UploadCadence;
}

export const SITE_PROFILES: Readonly<Record<SiteProfileName, SiteProfile>> = {
  sheffield: {
    key: 'sheffield',
    name: 'Sheffield City Region',
    participantPrefix: 'SCR',
    share: 6110 / 9785,
    employmentMix: { unemployed: 0.7, employed_off_sick: 0.18, employed_struggling: 0.12 },
    uploadCadence: 'working_days',
  },
  'west-midlands': {
    key: 'west-midlands',
    name: 'West Midlands',
    participantPrefix: 'WM',
    share: 3675 / 9785,
    // out of work by design; a few referrals are in work when first seen
    employmentMix: { unemployed: 0.96, employed_off_sick: 0.025, employed_struggling: 0.015 },
    uploadCadence: 'weekly',
  },
};

export const SITE_PROFILE_NAMES = Object.keys(SITE_PROFILES) as SiteProfileName[];

export function isSiteProfileName(value: string): value is SiteProfileName {
  return (SITE_PROFILE_NAMES as string[]).includes(value);
}

/** The profile a site id plays: the one its id ends with, else the profiles in turn. */
export function profileForSiteId(siteId: string, position: number): SiteProfileName {
  const bySuffix = SITE_PROFILE_NAMES.find((name) => siteId.endsWith(name));
  return bySuffix ?? SITE_PROFILE_NAMES[position % SITE_PROFILE_NAMES.length];
}
