import {
  DEFAULTS,
  NO_MESS,
  SimulationConfigError,
  defaultSites,
  simulationConfig,
} from './simulation-config';
import { participantsPerSite } from './site-context';
import { profileForSiteId } from './site-profiles';

const NOW = new Date('2024-06-30T12:00:00Z');

describe('simulationConfig', () => {
  it('defaults to the two health-led trial sites from 2017-07-01, 15 months recruiting, today from the clock', () => {
    const config = simulationConfig({}, NOW);
    expect(config.sites.map((s) => [s.siteId, s.name])).toEqual([
      ['sheffield', 'Sheffield City Region'],
      ['west-midlands', 'West Midlands'],
    ]);
    expect(config).toMatchObject({
      startDate: '2017-07-01',
      recruitmentMonths: 15,
      durationMonths: 33,
      today: '2024-06-30',
      ipsHazardRatio: DEFAULTS.ipsHazardRatio,
    });
    expect(config.mess.invalid).toBe(0);
    expect(config.mess.duplicate).toBeGreaterThan(0);
  });

  it('keeps given mess rates and fills the others', () => {
    expect(simulationConfig({ mess: { late: 0.2 } }, NOW).mess).toMatchObject({ late: 0.2, duplicate: 0.01 });
    expect(simulationConfig({ mess: NO_MESS }, NOW).mess).toEqual(NO_MESS);
  });

  it.each([
    [{ participants: -1 }, 'participants'],
    [{ participants: 1.5 }, 'participants'],
    [{ startDate: '2017-02-30' }, 'startDate'],
    [{ startDate: '1999-12-31' }, 'startDate'],
    [{ startDate: '2024-07-01' }, 'startDate'],
    [{ recruitmentMonths: 12, durationMonths: 6 }, 'durationMonths'],
    [
      {
        conditionMix: { mental_health: 0, musculoskeletal: 0, multiple: 0, learning_disability: 0, other: 0 },
      },
      'conditionMix',
    ],
    [{ conditionMix: { cancer: 1 } as never }, 'conditionMix'],
    [{ usualCareJobRate: 1 }, 'usualCareJobRate'],
    [{ ipsHazardRatio: 0 }, 'ipsHazardRatio'],
    [{ eligibleRate: 1.2 }, 'eligibleRate'],
    [{ mess: { duplicate: -0.1 } }, 'mess.duplicate'],
    [{ sites: [] }, 'sites'],
    [{ sites: defaultSites('bad id ') }, 'sites'],
    [{ sites: [...defaultSites(), ...defaultSites()] }, 'sites'],
  ])('refuses %j, naming %s', (options, field) => {
    let error: unknown;
    try {
      simulationConfig(options, NOW);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SimulationConfigError);
    expect((error as SimulationConfigError).field).toBe(field);
  });

  it('splits participants over the sites by share, exactly', () => {
    const config = simulationConfig({ participants: 1001 }, NOW);
    const counts = participantsPerSite(config);
    expect(counts[0] + counts[1]).toBe(1001);
    expect(counts[0]).toBe(Math.round((1001 * 6110) / 9785));
  });
});

describe('profileForSiteId', () => {
  it('plays the profile a site id ends with, else the profiles in turn', () => {
    expect(profileForSiteId('t1234-sheffield', 1)).toBe('sheffield');
    expect(profileForSiteId('demo-west-midlands', 0)).toBe('west-midlands');
    expect(profileForSiteId('site-a', 0)).toBe('sheffield');
    expect(profileForSiteId('site-b', 1)).toBe('west-midlands');
  });
});
