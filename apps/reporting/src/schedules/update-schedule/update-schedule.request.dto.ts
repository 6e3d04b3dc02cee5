import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class UpdateScheduleRequestDto {
  @ApiProperty({
    example: '0 6 1 * *',
    description:
      'cron expression for interim reports: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  cron!: string;

  @ApiPropertyOptional({
    example: 'Europe/London',
    description:
      'IANA time zone the expression is read in; default: unchanged (Europe/London for a new schedule)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({
    description: 'false pauses the trial’s automatic reports (interim and first-year); default: unchanged',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
