import { Body, Controller, HttpCode, Post, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError, CurrentPrincipal, strictValidationPipe, type Principal } from '@ips/platform';
import type { Subscription } from '@ips/persistence';
import { CreateSubscription } from './create-subscription.command';
import { SubscriptionRejectedError } from './create-subscription.handler';
import { CreateSubscriptionRequestDto } from './create-subscription.request.dto';
import { SUBSCRIPTION_SCHEMA, openApi } from '../../reporting-api.schema';

export const WEBHOOK_DOCS =
  'Each published report is POSTed as JSON `{event: "report.published", reportId, trialId, type, asOf, version, createdAt, definitionsVersion, ' +
  'contentHash, links}` with headers `X-IPS-Event`, `X-IPS-Delivery` (delivery id), `X-IPS-Timestamp` (Unix seconds) and `X-IPS-Signature: ' +
  'sha256=<hex>`, the HMAC-SHA256 of `"<timestamp>.<raw body>"` under the subscription secret. Verify it over the exact bytes received, ' +
  'compare in constant time and reject timestamps more than 5 minutes old. Any 2xx acknowledges; anything else (or no answer within the ' +
  'timeout) is retried with exponential backoff, then marked failed. Redirects are not followed.';

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class CreateSubscriptionHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Allow('programme_lead')
  @UsePipes(strictValidationPipe())
  @ApiOperation({
    summary: 'Subscribe a webhook to published reports (role programme_lead)',
    description: WEBHOOK_DOCS,
  })
  @ApiResponse({
    status: 201,
    description: 'the subscription (the secret is never shown again)',
    schema: openApi(SUBSCRIPTION_SCHEMA),
  })
  @ApiResponse({
    status: 503,
    description: 'the service has no REPORTING_SECRET_KEY, so it cannot hold webhook secrets',
  })
  @ApiResponse({
    status: 400,
    description:
      'a field breaks its rule (named), e.g. a URL that is not https or points into a private network',
  })
  @ApiResponse({ status: 404, description: 'no such trial' })
  async create(
    @Body() body: CreateSubscriptionRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Subscription> {
    try {
      return await this.commands.execute(
        new CreateSubscription(body.url, body.secret, body.trialId ?? null, principal.keyId),
      );
    } catch (err) {
      if (err instanceof SubscriptionRejectedError) {
        throw err.path
          ? new ApiError(err.status, 'request is invalid', [{ path: err.path, message: err.message }])
          : new ApiError(err.status, err.message);
      }
      throw err;
    }
  }
}
