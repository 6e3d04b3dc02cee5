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
