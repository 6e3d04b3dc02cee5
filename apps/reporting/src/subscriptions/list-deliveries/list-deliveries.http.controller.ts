import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError } from '@ips/platform';
import { uuidParam } from '../list-subscriptions/list-subscriptions.http.controller';
import { ReportsStore, SubscriptionStore, type DeliveryStatus } from '@ips/persistence';
import { ListDeliveries } from './list-deliveries.query';
import { DELIVERY_SCHEMA, listOf } from '../../reporting-api.schema';

@ApiTags('subscriptions')
@Controller('v1')
export class ListDeliveriesHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly subscriptions: SubscriptionStore,
    private readonly reports: ReportsStore,
  ) {}

  @Get('subscriptions/:subscriptionId/deliveries')
  @Allow('programme_lead', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Delivery status of a subscription, newest first: attempts, last HTTP status and error, next attempt (roles programme_lead, admin)',
  })
  @ApiOkResponse({
    description: 'the deliveries, newest first',
    schema: listOf('deliveries', DELIVERY_SCHEMA),
  })
  @ApiResponse({ status: 400, description: 'subscriptionId is not a UUID' })
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async bySubscription(
    @Param('subscriptionId', uuidParam('subscriptionId')) subscriptionId: string,
  ): Promise<{ deliveries: DeliveryStatus[] }> {
    if (!(await this.subscriptions.exists(subscriptionId)))
      throw new ApiError(404, `subscription ${subscriptionId} does not exist`);
    return { deliveries: await this.queries.execute(new ListDeliveries({ subscriptionId, limit: 200 })) };
  }

  @Get('reports/:reportId/deliveries')
  @Allow('programme_lead', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Delivery status of one report to each subscriber (roles programme_lead, admin)' })
  @ApiOkResponse({ description: 'the report’s deliveries', schema: listOf('deliveries', DELIVERY_SCHEMA) })
  @ApiResponse({ status: 400, description: 'reportId is not a UUID' })
  @ApiResponse({ status: 404, description: 'no such report' })
  async byReport(
    @Param('reportId', uuidParam('reportId')) reportId: string,
  ): Promise<{ deliveries: DeliveryStatus[] }> {
    if (!(await this.reports.exists(reportId))) throw new ApiError(404, `report ${reportId} does not exist`);
    return { deliveries: await this.queries.execute(new ListDeliveries({ reportId, limit: 1000 })) };
  }
}
