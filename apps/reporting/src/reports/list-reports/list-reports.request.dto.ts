import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { TRIAL_ID_PATTERN } from '@ips/contracts';
import { REPORT_TYPES, type ReportType } from '../report-types';

export class ListReportsRequestDto {
  @ApiPropertyOptional({ description: 'only this trial’s reports' })
  @IsOptional()
  @Matches(TRIAL_ID_PATTERN, { message: `trialId must match ${TRIAL_ID_PATTERN.source}` })
  trialId?: string;

  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES as unknown as string[], { message: `type must be one of ${REPORT_TYPES.join(', ')}` })
  type?: ReportType;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}
