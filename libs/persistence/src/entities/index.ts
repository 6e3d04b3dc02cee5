import { ApiKeyEntity } from './api-key.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { JourneyEntity } from './journey.entity';
import { ProjectorOffsetEntity } from './projector-offset.entity';
import { SiteEntity } from './site.entity';
import { TrialEntity } from './trial.entity';

export { ApiKeyEntity, AuditEntryEntity, JourneyEntity, ProjectorOffsetEntity, SiteEntity, TrialEntity };

export const ENTITIES = [
  TrialEntity,
  SiteEntity,
  ApiKeyEntity,
  AuditEntryEntity,
  JourneyEntity,
  ProjectorOffsetEntity,
];
