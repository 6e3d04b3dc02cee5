import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { EFFECT_METRICS, type EffectMetric } from '@ips/contracts';

/** DESIGN §6c: `{primaryOutcome, plannedParticipants, alpha}`. */
export class SetMonitoringPlanRequestDto {
  @ApiProperty({ enum: EFFECT_METRICS })
  @IsIn(EFFECT_METRICS, {
    message: `primaryOutcome must be one of ${EFFECT_METRICS.join(', ')}`,
  })
  primaryOutcome!: EffectMetric;

  @ApiProperty({ description: 'participants the trial plans to follow up for 12 months', example: 400 })
  @IsInt({ message: 'plannedParticipants must be a positive integer' })
  @Min(1, { message: 'plannedParticipants must be a positive integer' })
  plannedParticipants!: number;

  @ApiPropertyOptional({ default: 0.05, description: 'two-sided, in (0, 0.5)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'alpha must be a number in (0, 0.5)' })
  @Min(Number.MIN_VALUE, { message: 'alpha must be a number in (0, 0.5)' })
  @Max(0.5 - Number.EPSILON / 2, { message: 'alpha must be a number in (0, 0.5)' })
  alpha?: number;
}
