import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CURRENT_DEFINITIONS_VERSION, DEFINITIONS_VERSIONS, OUTCOME_CSV_SECTIONS } from '@ips/contracts';
import { OutcomesRequestDto } from './outcomes-request.dto';

const VERSIONS = DEFINITIONS_VERSIONS.map(String);

/** GET …/outcomes: the cut, and which definitions and which CSV table to answer with. */
export class TrialOutcomesRequestDto extends OutcomesRequestDto {
  @ApiPropertyOptional({
    enum: VERSIONS,
    default: String(CURRENT_DEFINITIONS_VERSION),
    description:
      'Outcome definitions: 2 (default) adds comparisons, stratified effects and wellbeing; 1 answers the version-1 shape unchanged.',
  })
  @IsOptional()
  @IsIn(VERSIONS, { message: `definitionsVersion must be one of ${VERSIONS.join(', ')}` })
  definitionsVersion?: string;

  @ApiPropertyOptional({
    enum: OUTCOME_CSV_SECTIONS,
    default: 'groups',
    description:
      'With Accept: text/csv, which table: the groups, the effects (IPS − usual care), or the comparisons (version 2).',
  })
  @IsOptional()
  @IsIn(OUTCOME_CSV_SECTIONS, {
    message: `section must be one of ${OUTCOME_CSV_SECTIONS.join(', ')}`,
  })
  section?: string;
}
