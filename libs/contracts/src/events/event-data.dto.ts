import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import {
  AGE_BANDS,
  ARMS,
  CONDITIONS,
  EMPLOYMENT_STATUSES,
  JOB_END_REASONS,
  MAX_HOURS_PER_WEEK,
  MAX_JOB_ID_LENGTH,
  MAX_REASON_LENGTH,
  REFERRAL_SOURCES,
  SEXES,
  WELLBEING_INSTRUMENTS,
  wellbeingScaleOf,
  WITHDRAWAL_REASONS,
  type AgeBand,
  type Arm,
  type Condition,
  type EmploymentStatus,
  type EventType,
  type JobEndReason,
  type ReferralSource,
  type Sex,
  type WellbeingInstrument,
  type WithdrawalReason,
} from './vocabulary';
import type { EventDataByType } from './participant-event';

// One class-validator DTO per event type's `data` (DESIGN §3). Each class must stay
// assignable to the plain type of the same event, which the `satisfies` map below checks.

const hoursRule = { allowNaN: false, allowInfinity: false };

export class ReferredDataDto {
  @ApiProperty({ enum: CONDITIONS })
  @IsIn(CONDITIONS as unknown as string[])
  condition!: Condition;

  @ApiProperty({ enum: REFERRAL_SOURCES })
  @IsIn(REFERRAL_SOURCES as unknown as string[])
  referralSource!: ReferralSource;

  @ApiProperty({ enum: EMPLOYMENT_STATUSES, description: 'employment status at referral' })
  @IsIn(EMPLOYMENT_STATUSES as unknown as string[])
  employmentStatus!: EmploymentStatus;

  @ApiPropertyOptional({ enum: AGE_BANDS })
  @IsOptional()
  @IsIn(AGE_BANDS as unknown as string[])
  ageBand?: AgeBand;

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @IsIn(SEXES as unknown as string[])
  sex?: Sex;
}

export class EligibilityAssessedDataDto {
  @ApiProperty()
  @IsBoolean()
  eligible!: boolean;

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;
}

export class ConsentedDataDto {}

export class RandomisedDataDto {
  @ApiProperty({ enum: ARMS })
  @IsIn(ARMS as unknown as string[])
  arm!: Arm;
}

export class WithdrawnDataDto {
  @ApiProperty({ enum: WITHDRAWAL_REASONS })
  @IsIn(WITHDRAWAL_REASONS as unknown as string[])
  reason!: WithdrawalReason;
}

export class JobStartedDataDto {
  @ApiProperty({ maxLength: MAX_JOB_ID_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_JOB_ID_LENGTH)
  jobId!: string;

  @ApiProperty({ exclusiveMinimum: true, minimum: 0, maximum: MAX_HOURS_PER_WEEK })
  @IsNumber(hoursRule)
  @IsPositive({ message: 'hoursPerWeek must be greater than 0' })
  @Max(MAX_HOURS_PER_WEEK)
  hoursPerWeek!: number;

  @ApiProperty({
    description: 'paid at least minimum wage, open to anyone, not set aside for disabled people',
  })
  @IsBoolean()
  competitive!: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  selfEmployed?: boolean;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  hourlyWagePence?: number;

  @ApiPropertyOptional({ pattern: '^[0-9]{4}$', description: 'SOC 2020 unit group' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{4}$/, { message: 'socCode must be a 4-digit string' })
  socCode?: string;
}

export class JobHoursChangedDataDto {
  @ApiProperty({ maxLength: MAX_JOB_ID_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_JOB_ID_LENGTH)
  jobId!: string;

  @ApiProperty({ exclusiveMinimum: true, minimum: 0, maximum: MAX_HOURS_PER_WEEK })
  @IsNumber(hoursRule)
  @IsPositive({ message: 'hoursPerWeek must be greater than 0' })
  @Max(MAX_HOURS_PER_WEEK)
  hoursPerWeek!: number;
}

export class JobEndedDataDto {
  @ApiProperty({ maxLength: MAX_JOB_ID_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_JOB_ID_LENGTH)
  jobId!: string;

  @ApiProperty({ enum: JOB_END_REASONS })
  @IsIn(JOB_END_REASONS as unknown as string[])
  reason!: JobEndReason;
}

export class JobRetentionCheckedDataDto {
  @ApiProperty({ maxLength: MAX_JOB_ID_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_JOB_ID_LENGTH)
  jobId!: string;

  @ApiProperty({ description: 'still in that job on occurredOn' })
  @IsBoolean()
  inWork!: boolean;
}

export class EventRetractedDataDto {
  @ApiProperty({ format: 'uuid', description: 'an earlier event of the same participant' })
  @IsUUID('all')
  retractedEventId!: string;

  @ApiProperty({ maxLength: MAX_REASON_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REASON_LENGTH)
  reason!: string;
}

// The score's range depends on the instrument, so it is checked against the sibling field.
// An unknown instrument is reported on `instrument` alone; a non-integer score by IsInt alone.
function ScoreWithinInstrumentRange(): PropertyDecorator {
  return ValidateBy({
    name: 'scoreWithinInstrumentRange',
    validator: {
      validate(value: unknown, args?: ValidationArguments): boolean {
        const scale = wellbeingScaleOf((args?.object as { instrument?: unknown } | undefined)?.instrument);
        if (scale === undefined || typeof value !== 'number') return true;
        return value >= scale.min && value <= scale.max;
      },
      defaultMessage(args?: ValidationArguments): string {
        const instrument = (args?.object as { instrument?: unknown } | undefined)?.instrument;
        const scale = wellbeingScaleOf(instrument);
        return scale === undefined
          ? "score is outside its instrument's range"
          : `score must be between ${scale.min} and ${scale.max} for ${String(instrument)} (got ${String(args?.value)})`;
      },
    },
  });
}

export class WellbeingMeasuredDataDto {
  @ApiProperty({
    enum: WELLBEING_INSTRUMENTS,
    description:
      'wemwbs (14–70, higher is better), swemwbs (raw 7–35, higher is better), phq9 (0–27, lower is better), ' +
      'gad7 (0–21, lower is better), eq5d_vas (0–100, higher is better)',
  })
  @IsIn(WELLBEING_INSTRUMENTS as unknown as string[], {
    message: `instrument must be one of ${WELLBEING_INSTRUMENTS.join(', ')}`,
  })
  instrument!: WellbeingInstrument;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 100,
    description: "a whole number within the instrument's range",
  })
  @IsInt({ message: 'score must be a whole number' })
  @ScoreWithinInstrumentRange()
  score!: number;
}

type DataDtoClass<T extends EventType> = new () => EventDataByType[T] | ConsentedDataDto;

export const EVENT_DATA_DTOS = {
  'participant.referred': ReferredDataDto,
  'participant.eligibility_assessed': EligibilityAssessedDataDto,
  'participant.consented': ConsentedDataDto,
  'participant.randomised': RandomisedDataDto,
  'participant.withdrawn': WithdrawnDataDto,
  'job.started': JobStartedDataDto,
  'job.hours_changed': JobHoursChangedDataDto,
  'job.ended': JobEndedDataDto,
  'job.retention_checked': JobRetentionCheckedDataDto,
  'event.retracted': EventRetractedDataDto,
  'wellbeing.measured': WellbeingMeasuredDataDto,
} satisfies { [T in EventType]: DataDtoClass<T> };
