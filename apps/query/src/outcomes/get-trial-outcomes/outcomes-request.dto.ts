import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  ARMS,
  COHORT_GRANULARITIES,
  CONDITIONS,
  EMPLOYMENT_STATUSES,
  GROUP_DIMENSIONS,
  type CohortGranularity,
} from '@ips/contracts';

export class OutcomesRequestDto {
  @ApiPropertyOptional({
    description: `comma-separated, any of ${GROUP_DIMENSIONS.join(', ')}`,
    example: 'arm,condition',
  })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(`^((${GROUP_DIMENSIONS.join('|')})(,(${GROUP_DIMENSIONS.join('|')}))*)?$`), {
    message: `groupBy must be a comma-separated list of ${GROUP_DIMENSIONS.join(', ')}`,
  })
  groupBy?: string;

  @ApiPropertyOptional({
    description: 'YYYY-MM-DD; default today (UTC). Only events dated on or before it count.',
    example: '2018-06-30',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be an ISO date YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ enum: COHORT_GRANULARITIES, default: 'quarter' })
  @IsOptional()
  @IsIn(COHORT_GRANULARITIES as unknown as string[])
  cohortBy?: CohortGranularity;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) site?: string;
  @ApiPropertyOptional({ enum: CONDITIONS })
  @IsOptional()
  @IsIn(CONDITIONS as unknown as string[])
  condition?: string;
  @ApiPropertyOptional({ enum: ARMS }) @IsOptional() @IsIn(ARMS as unknown as string[]) arm?: string;
  @ApiPropertyOptional({ example: '2017-Q3' })
  @IsOptional()
  @Matches(/^\d{4}(-Q[1-4]|-\d{2})?$/, { message: 'cohort must look like 2017, 2017-Q3 or 2017-08' })
  cohort?: string;
  @ApiPropertyOptional({ enum: EMPLOYMENT_STATUSES })
  @IsOptional()
  @IsIn(EMPLOYMENT_STATUSES as unknown as string[])
  employmentStatus?: string;
}
