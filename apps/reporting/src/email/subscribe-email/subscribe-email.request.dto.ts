import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TRIAL_ID_PATTERN } from '@ips/contracts';
import { MAX_ADDRESS_LENGTH } from '../email-address';

export class SubscribeEmailRequestDto {
  @ApiProperty({
    example: 'programme.lead@example.nhs.uk',
    description: 'gets a confirmation link first; reports only once it is followed',
    maxLength: MAX_ADDRESS_LENGTH,
  })
  @IsString({ message: 'address must be a string' })
  @MaxLength(MAX_ADDRESS_LENGTH, { message: `address must be at most ${MAX_ADDRESS_LENGTH} characters` })
  address!: string;

  @ApiPropertyOptional({ description: 'only this trial’s reports; default every trial' })
  @IsOptional()
  @Matches(TRIAL_ID_PATTERN, { message: `trialId must match ${TRIAL_ID_PATTERN.source}` })
  trialId?: string;
}
