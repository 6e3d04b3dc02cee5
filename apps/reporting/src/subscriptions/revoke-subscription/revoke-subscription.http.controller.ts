import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError, CurrentPrincipal, type Principal } from '@ips/platform';
import { uuidParam } from '../list-subscriptions/list-subscriptions.http.controller';
import { RevokeSubscription } from './revoke-subscription.command';

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class RevokeSubscriptionHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':subscriptionId')
  @HttpCode(204)
  @Allow('programme_lead', 'admin')
  @ApiOperation({
    summary: 'Unsubscribe a webhook; deliveries still pending are given up (roles programme_lead, admin)',
  })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, description: 'no such active subscription' })
  @ApiResponse({ status: 400, description: 'subscriptionId is not a UUID' })
  async revoke(
    @Param('subscriptionId', uuidParam('subscriptionId')) subscriptionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    if (!(await this.commands.execute(new RevokeSubscription(subscriptionId, principal.keyId)))) {
      throw new ApiError(404, `no active subscription ${subscriptionId}`);
    }
  }
}
