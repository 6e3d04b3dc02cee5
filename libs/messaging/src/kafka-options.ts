import { topicNames, type TopicNames } from '@ips/contracts';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  partitions: number;
  replicationFactor: number;
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');

export function topicsFor(options: KafkaOptions): TopicNames {
  return topicNames(options.topicPrefix);
}
