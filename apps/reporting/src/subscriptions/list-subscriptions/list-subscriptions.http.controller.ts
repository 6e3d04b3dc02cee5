import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError } from '@ips/platform';
import type { Subscription } from '@ips/persistence';
import { ListSubscriptions } from './list-subscriptions.query';
import { SUBSCRIPTION_SCHEMA, listOf, openApi } from '../../reporting-api.schema';

export const uuidParam = (name: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new ApiError(400, `${name} must be a UUID`) });

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class ListSubscriptionsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Allow('programme_lead', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Webhook subscriptions with their delivery counts and last delivery (roles programme_lead, admin)',
  })
  @ApiOkResponse({
    description: 'the webhook subscriptions',
    schema: listOf('subscriptions', SUBSCRIPTION_SCHEMA),
  })
  async list(): Promise<{ subscriptions: Subscription[] }> {
    return { subscriptions: await this.queries.execute(new ListSubscriptions(null)) };
  }

  @Get(':subscriptionId')
  @Allow('programme_lead', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'One webhook subscription with its delivery counts and last delivery' })
  @ApiOkResponse({ description: 'the subscription', schema: openApi(SUBSCRIPTION_SCHEMA) })
  @ApiResponse({ status: 400, description: 'subscriptionId is not a UUID' })
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async get(
    @Param('subscriptionId', uuidParam('subscriptionId')) subscriptionId: string,
  ): Promise<Subscription> {
    const [subscription] = await this.queries.execute(new ListSubscriptions(subscriptionId));
    if (!subscription) throw new ApiError(404, `subscription ${subscriptionId} does not exist`);
    return subscription;
  }
}
