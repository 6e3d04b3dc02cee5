import { KAFKA_BROKERS } from '../support/test-env';

// kafkajs 2.2.4 sends, per API, min(its highest implemented version, the broker's max) and
// never checks the broker's min. Kafka 4.0 raised the minimum of many APIs (KIP-896), so this
// asks the broker the suite runs on (Kafka 4.x: infra/kafka) for its ApiVersions and applies
// kafkajs's own rule to kafkajs's own request table (README "Kafka 4 and kafkajs").
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { negotiate } = require('../../scripts/dev/kafka-api-versions.js') as {
  negotiate: (
    bootstrap: string,
  ) => Promise<{ api: string; broker: [number, number] | null; used: number | null; accepted: boolean }[]>;
};

// what the apps and tests call: producer, consumer group, admin
const USED = [
  'ApiVersions',
  'Metadata',
  'Produce',
  'Fetch',
  'ListOffsets',
  'GroupCoordinator',
  'JoinGroup',
  'SyncGroup',
  'Heartbeat',
  'LeaveGroup',
  'OffsetFetch',
  'OffsetCommit',
  'DescribeGroups',
  'DeleteGroups',
  'CreateTopics',
  'DeleteTopics',
  'DescribeConfigs',
];

it('every API version kafkajs would send is one the broker accepts (none below the broker minimum)', async () => {
  const rows = await negotiate(KAFKA_BROKERS.split(',')[0]);
  expect(
    rows
      .filter((r) => !r.accepted)
      .map((r) => `${r.api}: sends v${r.used}, broker offers ${JSON.stringify(r.broker)}`),
  ).toEqual([]);
  expect(USED.filter((api) => !rows.some((r) => r.api === api && r.accepted))).toEqual([]);
});
