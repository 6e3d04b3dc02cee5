import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Equals, IsIn, IsObject, IsString, IsUUID, Matches } from 'class-validator';
import { EVENT_DATA_DTOS } from './event-data.dto';
import { EVENT_TYPES, PARTICIPANT_ID_PATTERN, SITE_ID_PATTERN, type EventType } from './vocabulary';

/** The event envelope (DESIGN §3). `data` is validated separately, by the DTO of its `type`. */
export class EventEnvelopeDto {
  @ApiProperty({ format: 'uuid', description: 'idempotency key: resending the same id and content is safe' })
  @IsUUID('all')
  eventId!: string;

  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES as unknown as string[])
  type!: EventType;

  @ApiProperty({ enum: [1] })
  @Equals(1, { message: 'schemaVersion must be 1' })
  schemaVersion!: 1;

  @ApiProperty({
    description: 'must equal the site of the API key that sends it',
    pattern: SITE_ID_PATTERN.source,
  })
  @IsString()
  @Matches(SITE_ID_PATTERN, { message: `siteId must match ${SITE_ID_PATTERN.source}` })
  siteId!: string;

  @ApiProperty({
    description: "the site's pseudonymous id; never a name, NHS number or other direct identifier",
    pattern: PARTICIPANT_ID_PATTERN.source,
  })
  @IsString()
  @Matches(PARTICIPANT_ID_PATTERN, { message: `participantId must match ${PARTICIPANT_ID_PATTERN.source}` })
  participantId!: string;

  @ApiProperty({
    format: 'date',
    example: '2017-08-14',
    description: 'YYYY-MM-DD; not in the future, not before 2000-01-01',
  })
  @IsString()
  occurredOn!: string;

  @ApiProperty({
    description:
      'per type, the schema of that type (`participant.referred`: ReferredDataDto, …); unknown fields are rejected',
    anyOf: Object.values(EVENT_DATA_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })),
  })
  @IsObject()
  data!: Record<string, unknown>;
}
