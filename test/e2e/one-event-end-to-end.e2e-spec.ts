import { http, eventually } from '../support/http';
import { projectedEverything } from '../support/projection';
import { referral, TrialHarness } from '../support/trial-harness';

// Issue 2, item 5: one event, end to end, for real — HTTP → Kafka (acks = all) →
// projector (event store + journey + offsets in one transaction) → query API.
describe('one participant.referred event, end to end', () => {
  const harness = new TrialHarness();

  beforeAll(async () => {
    await harness.start(['ingest', 'projector', 'query']);
    await harness.createTrial(1);
  }, 120_000);

  afterAll(() => harness.stopAll(), 60_000);

  async function referredCount(): Promise<number> {
    const res = await http('GET', `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes`, {
      key: harness.evaluatorKey,
    });
    expect(res.status).toBe(200);
    return res.body.groups[0].flow.referred;
  }

  it('shows flow.referred = 1 after the event is accepted', async () => {
    const site = harness.sites[0];
    const event = referral(site.siteId, 'P-0001');
    const posted = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key: site.apiKey,
      json: [event],
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });

    await eventually(
      async () => ((await referredCount()) === 1 ? true : undefined),
      30_000,
      'flow.referred = 1',
    );
  });

  it('counts the same event sent twice once', async () => {
    const site = harness.sites[0];
    const event = referral(site.siteId, 'P-0002');
    const first = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key: site.apiKey,
      json: [event],
    });
    const second = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key: site.apiKey,
      json: [event],
    });
    expect(first.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(second.body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

    await eventually(
      async () => ((await referredCount()) === 2 ? true : undefined),
      30_000,
      'flow.referred = 2',
    );
    // once the projector has consumed everything on the topic, a (wrong) second copy would
    // have landed: it did not
    await projectedEverything(`${harness.tag}.ips.participant-events`, `${harness.tag}-projector`);
    expect(await referredCount()).toBe(2);
  });
});
