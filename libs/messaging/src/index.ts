export * from './kafka-options';
export * from './kafka-client';
export * from './kafka-clients';
export * from './messaging.module';
