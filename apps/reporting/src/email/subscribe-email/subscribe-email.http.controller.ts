import { Body, Controller, HttpCode, Post, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError, CurrentPrincipal, strictValidationPipe, type Principal } from '@ips/platform';
import type { EmailSubscription } from '@ips/persistence';
import { SubscribeEmail } from './subscribe-email.command';
import { EmailSubscriptionRejectedError } from './subscribe-email.handler';
import { SubscribeEmailRequestDto } from './subscribe-email.request.dto';
import { EMAIL_SUBSCRIPTION_SCHEMA, openApi } from '../../reporting-api.schema';

export const EMAIL_DOCS =
  'Reports by e-mail: the address first gets a message with a confirmation link (valid 7 days); nothing else is sent until it is ' +
  'followed. Then each published interim and first-year report sends one message: the headline in words and the main numbers ' +
  '(under the same disclosure control as the report) in a plain-text and an HTML part, with the report attached as HTML (and PDF ' +
  'where the server can print). Every message has an unsubscribe link and the List-Unsubscribe / List-Unsubscribe-Post (one-click) ' +
  'headers. Failed sends are retried with exponential backoff; a 5xx refusal is final. Delivery status per message: ' +
  '`GET /v1/email-subscriptions/{id}/deliveries`.';

@ApiTags('email')
@Controller('v1/email-subscriptions')
export class SubscribeEmailHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Allow('programme_lead')
  @UsePipes(strictValidationPipe())
  @ApiOperation({
    summary: 'Subscribe an e-mail address to published reports (role programme_lead)',
    description: EMAIL_DOCS,
  })
  @ApiResponse({
    status: 201,
    description: 'the subscription, waiting for confirmation',
    schema: openApi(EMAIL_SUBSCRIPTION_SCHEMA),
  })
  @ApiResponse({ status: 400, description: 'the address is not an e-mail address (details name `address`)' })
  @ApiResponse({ status: 404, description: 'no such trial' })
  @ApiResponse({ status: 409, description: 'the address is already subscribed to these reports' })
  @ApiResponse({ status: 503, description: 'e-mail is off: the service has no SMTP_URL' })
  async create(
    @Body() body: SubscribeEmailRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EmailSubscription> {
    try {
      return await this.commands.execute(
        new SubscribeEmail(body.address, body.trialId ?? null, principal.keyId),
      );
    } catch (err) {
      if (err instanceof EmailSubscriptionRejectedError) {
        throw err.path
          ? new ApiError(err.status, 'request is invalid', [{ path: err.path, message: err.message }])
          : new ApiError(err.status, err.message);
      }
      throw err;
    }
  }
}
