import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';

export class CreateAnalysisExportRequestDto {
  @ApiPropertyOptional({
    example: '2019-06-30',
    description:
      'YYYY-MM-DD, not in the future; default today (UTC). Only events dated on or before it count.',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be an ISO date YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'Move all of each participant’s dates by one whole number of days in [−182, 182] drawn from the export’s secret; ' +
      'derived values are computed on the true dates first; calendar cohorts are left out.',
  })
  @IsOptional()
  @IsBoolean({ message: 'shiftDates must be true or false' })
  shiftDates?: boolean;
}
