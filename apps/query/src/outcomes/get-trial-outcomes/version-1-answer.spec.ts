import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroupDimension, StoredEvent } from '@ips/contracts';
import { foldJourney, type Journey } from '@ips/domain';
import type { JourneyReader } from '@ips/persistence';
import { CutTallies } from '../cut-tallies';
import { GetTrialOutcomesHandler } from './get-trial-outcomes.handler';
import { outcomesCsv } from './get-trial-outcomes.http.controller';
import { GetTrialOutcomes } from './get-trial-outcomes.query';

// `?definitionsVersion=1` answers exactly what the API answered before version 2 (DESIGN
// §7): the JSON and CSV of a fixed simulated trial (test/fixtures/version-1/events.json,
// 120 participants at two sites) for several cuts, pinned by SHA-256 of the bytes written
// before version 2 was added. IPS_WRITE_V1_PIN=1 rewrites the pins — only ever for a
// deliberate new version, never to make this pass.

const FIXTURE = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'version-1');
const events = JSON.parse(readFileSync(join(FIXTURE, 'events.json'), 'utf8')) as StoredEvent[];
const byParticipant = new Map<string, StoredEvent[]>();
for (const e of events) {
  const key = `${e.siteId}/${e.participantId}`;
  byParticipant.set(key, [...(byParticipant.get(key) ?? []), e]);
}
const journeys: Journey[] = [...byParticipant.values()].map((es) => foldJourney(es));
const reader = { journeysOf: () => Promise.resolve(journeys) } as unknown as JourneyReader;

const CUTS: [string, GroupDimension[]][] = [
  ['2018-12-31', []],
  ['2019-06-30', ['arm']],
  ['2020-06-30', ['site', 'arm']],
  ['2020-06-30', ['arm', 'condition', 'cohort']],
  ['2020-06-30', ['employmentStatus']],
];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('definitionsVersion=1 answers the version-1 bytes', () => {
  const pinFile = join(FIXTURE, 'answers.sha256.json');
  const computed: Record<string, string> = {};

  it.each(CUTS)('as of %s by %j', async (asOf, groupBy) => {
    const handler = new GetTrialOutcomesHandler(reader, new CutTallies());
    const answer = await handler.execute(new GetTrialOutcomes('pin-trial', asOf, groupBy, {}, 'quarter', 1));
    expect(answer.definitionsVersion).toBe(1);
    expect(answer.groups.length).toBeGreaterThan(0);
    const id = `${asOf} ${groupBy.join(',')}`;
    computed[`${id} json`] = sha256(JSON.stringify(answer));
    computed[`${id} csv`] = sha256(outcomesCsv(answer, 'groups'));
    if (process.env.IPS_WRITE_V1_PIN === '1') return;
    const pins = JSON.parse(readFileSync(pinFile, 'utf8')) as Record<string, string>;
    expect(computed[`${id} json`]).toBe(pins[`${id} json`]);
    expect(computed[`${id} csv`]).toBe(pins[`${id} csv`]);
  });

  afterAll(() => {
    if (process.env.IPS_WRITE_V1_PIN === '1')
      writeFileSync(pinFile, JSON.stringify(computed, null, 2) + '\n');
  });
});
