// Kafka topic names (DESIGN §2). A deployment may prefix them (KAFKA_TOPIC_PREFIX)
// so that tests and demos can share one broker without sharing data.
export const TOPIC_PARTICIPANT_EVENTS = 'ips.participant-events';
export const TOPIC_PARTICIPANT_EVENTS_DLQ = 'ips.participant-events.dlq';
export const TOPIC_REPORTS_PUBLISHED = 'ips.reports.published';

export interface TopicNames {
  participantEvents: string;
  participantEventsDlq: string;
  reportsPublished: string;
}

export function topicNames(prefix = ''): TopicNames {
  return {
    participantEvents: `${prefix}${TOPIC_PARTICIPANT_EVENTS}`,
    participantEventsDlq: `${prefix}${TOPIC_PARTICIPANT_EVENTS_DLQ}`,
    reportsPublished: `${prefix}${TOPIC_REPORTS_PUBLISHED}`,
  };
}

/** Message key: keeps one participant's events in one partition, in order. */
export function participantKey(siteId: string, participantId: string): string {
  return `${siteId}:${participantId}`;
}

/** Kafka headers carried by every participant-event message. */
export const HEADER_TYPE = 'type';
export const HEADER_SCHEMA_VERSION = 'schemaVersion';

/**
 * Headers of a message on the DLQ topic (ips.participant-events.dlq). The topic is at least
 * once — a projector that dies between producing a dead letter and committing its batch
 * produces it again — so every DLQ message carries `deadLetterId`, the same for every copy
 * of one poison message and different for any other: a consumer keeps the first message of
 * each id and drops the rest. The dead_letters table holds each id exactly once (its key is
 * the same origin: topic, partition, offset).
 */
export const DLQ_HEADER_ID = 'deadLetterId';

/** `<originalTopic>/<originalPartition>/<originalOffset>`: stable across repeats and replays. */
export function deadLetterId(
  originalTopic: string,
  originalPartition: number,
  originalOffset: string,
): string {
  return `${originalTopic}/${originalPartition}/${originalOffset}`;
}
