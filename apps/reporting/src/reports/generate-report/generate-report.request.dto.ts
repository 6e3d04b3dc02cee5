import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { REPORT_TYPES, type ReportType } from '../report-types';

export class GenerateReportRequestDto {
  @ApiProperty({
    enum: REPORT_TYPES,
    description: '`interim`, or `first_year` (as of the trial start date + 1 year)',
  })
  @IsIn(REPORT_TYPES as unknown as string[], { message: `type must be one of ${REPORT_TYPES.join(', ')}` })
  type!: ReportType;

  @ApiPropertyOptional({
    example: '2018-06-30',
    description:
      'YYYY-MM-DD, not in the future. Default: today in the trial’s schedule time zone (interim), the first anniversary (first_year).',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be an ISO date YYYY-MM-DD' })
  asOf?: string;
}
