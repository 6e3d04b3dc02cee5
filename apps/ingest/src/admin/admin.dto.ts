import { ApiProperty } from '@nestjs/swagger';
import {
  IsString,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isCalendarDate, SITE_ID_PATTERN, TRIAL_ID_PATTERN } from '@ips/contracts';

@ValidatorConstraint({ name: 'isCalendarDate' })
class IsCalendarDateRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isCalendarDate(value);
  }
  defaultMessage(): string {
    return 'startDate must be a real calendar date YYYY-MM-DD';
  }
}

export class CreateTrialDto {
  @ApiProperty({ example: 'sheffield-wm-2017', pattern: TRIAL_ID_PATTERN.source })
  @IsString()
  @Matches(TRIAL_ID_PATTERN, { message: `trialId must match ${TRIAL_ID_PATTERN.source}` })
  trialId!: string;

  @ApiProperty({ example: 'Health-led employment trial (Sheffield City Region, West Midlands)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '2017-07-01', format: 'date' })
  @Validate(IsCalendarDateRule)
  startDate!: string;
}

export class CreateSiteDto {
  @ApiProperty({
    example: 'sheffield',
    pattern: SITE_ID_PATTERN.source,
    description: 'unique across all trials',
  })
  @IsString()
  @Matches(SITE_ID_PATTERN, { message: `siteId must match ${SITE_ID_PATTERN.source}` })
  siteId!: string;

  @ApiProperty({ example: 'Sheffield City Region' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

export class CreateKeyDto {
  @ApiProperty({
    example: 'evaluator',
    description: '`evaluator`, `programme_lead`, `admin`, or `site:<siteId>`',
  })
  @IsString()
  @Matches(/^(evaluator|programme_lead|admin|site:[A-Za-z0-9_-]{1,64})$/, {
    message: 'role must be evaluator, programme_lead, admin or site:<siteId>',
  })
  role!: string;
}

export class TrialCreatedDto {
  @ApiProperty() trialId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() startDate!: string;
}

export class SiteCreatedDto {
  @ApiProperty() siteId!: string;
  @ApiProperty() trialId!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'the site key; shown this once and never again' }) apiKey!: string;
}

export class KeyCreatedDto {
  @ApiProperty() keyId!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ description: 'shown this once and never again' }) apiKey!: string;
}
