import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { TRIAL_ID_PATTERN } from '@ips/contracts';

export class CreateSubscriptionRequestDto {
  @ApiProperty({
    example: 'https://example.org/hooks/ips-reports',
    description: 'receives a signed POST for each published report',
  })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({
    description:
      'shared secret (16–256 characters) for the HMAC-SHA256 signature; stored encrypted, never shown again',
    minLength: 16,
    maxLength: 256,
  })
  @IsString()
  @MinLength(16, { message: 'secret must be at least 16 characters' })
  @MaxLength(256, { message: 'secret must be at most 256 characters' })
  secret!: string;

  @ApiPropertyOptional({ description: 'only this trial’s reports; default every trial' })
  @IsOptional()
  @Matches(TRIAL_ID_PATTERN, { message: `trialId must match ${TRIAL_ID_PATTERN.source}` })
  trialId?: string;
}
