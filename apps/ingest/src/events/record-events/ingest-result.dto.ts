import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'data.hoursPerWeek' }) path!: string;
  @ApiProperty({ example: 'data.hoursPerWeek must not be greater than 80' }) message!: string;
}

class RejectedItemDto {
  @ApiPropertyOptional({ description: 'JSON batch: 0-based array index' }) index?: number;
  @ApiPropertyOptional({ description: 'NDJSON: 1-based line number' }) line?: number;
  @ApiPropertyOptional({ description: 'CSV: row number as a spreadsheet shows it (header = 1)' })
  row?: number;
  @ApiProperty({ nullable: true, type: String }) eventId!: string | null;
  @ApiProperty({
    description: '400 invalid, 403 names another site, 409 eventId reused with different content',
  })
  status!: number;
  @ApiProperty({ type: [FieldErrorDto] }) errors!: FieldErrorDto[];
}

export class IngestResultDto {
  @ApiProperty({ description: 'events newly accepted (acknowledged by Kafka)' }) accepted!: number;
  @ApiProperty({ description: 'events already accepted earlier with the same content' }) duplicates!: number;
  @ApiProperty({ type: [RejectedItemDto] }) rejected!: RejectedItemDto[];
  @ApiPropertyOptional({
    description: 'only when more than 10,000 were rejected: the full count (the list holds the first 10,000)',
  })
  rejectedTotal?: number;
  @ApiPropertyOptional({
    type: [Number],
    description: 'CSV with `listDuplicates=true` only: the rows that were duplicates (the first 10,000)',
  })
  duplicateRows?: number[];
}
