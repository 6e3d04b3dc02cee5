export * from './data-source';
export * from './entities';
export * from './migrations';
export * from './persistence.module';
export * from './read-models/journey-reader';
export * from './stores/data-quality.store';
export * from './stores/trials.store';
export * from './stores/monitoring.reader';
