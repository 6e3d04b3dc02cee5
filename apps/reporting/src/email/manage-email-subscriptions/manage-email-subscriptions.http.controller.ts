import { Controller, Delete, Get, Header, HttpCode, Param } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError, CurrentPrincipal, type Principal } from '@ips/platform';
import { ReportArchive } from '../../reports/report-archive';
import { uuidParam } from '../../subscriptions/list-subscriptions/list-subscriptions.http.controller';
import { EmailSubscriptionStore, type EmailDeliveryStatus, type EmailSubscription } from '@ips/persistence';
import {
  EndEmailSubscription,
  ListEmailDeliveries,
  ListEmailSubscriptions,
} from './manage-email-subscriptions.messages';
import {
  EMAIL_DELIVERY_SCHEMA,
  EMAIL_SUBSCRIPTION_SCHEMA,
  listOf,
  openApi,
} from '../../reporting-api.schema';

@ApiTags('email')
@Controller('v1')
export class ManageEmailSubscriptionsHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly store: EmailSubscriptionStore,
    private readonly archive: ReportArchive,
  ) {}

  @Get('email-subscriptions')
  @Allow('programme_lead', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'E-mail subscriptions: address, trial, status (pending, confirmed, ended) and delivery counts (roles programme_lead, admin)',
  })
  @ApiOkResponse({
    description: 'the e-mail subscriptions',
    schema: listOf('subscriptions', EMAIL_SUBSCRIPTION_SCHEMA),
  })
  async list(): Promise<{ subscriptions: EmailSubscription[] }> {
    return { subscriptions: await this.queries.execute(new ListEmailSubscriptions(null)) };
  }

  @Get('email-subscriptions/:subscriptionId')
  @Allow('programme_lead', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'One e-mail subscription (roles programme_lead, admin)' })
  @ApiOkResponse({ description: 'the subscription', schema: openApi(EMAIL_SUBSCRIPTION_SCHEMA) })
  @ApiResponse({ status: 400, description: 'subscriptionId is not a UUID' })
  @ApiResponse({ status: 404, description: 'no such e-mail subscription' })
  async get(
    @Param('subscriptionId', uuidParam('subscriptionId')) subscriptionId: string,
  ): Promise<EmailSubscription> {
    const [subscription] = await this.queries.execute(new ListEmailSubscriptions(subscriptionId));
    if (!subscription) throw new ApiError(404, `e-mail subscription ${subscriptionId} does not exist`);
    return subscription;
  }

  @Delete('email-subscriptions/:subscriptionId')
  @HttpCode(204)
  @Allow('programme_lead', 'admin')
  @ApiOperation({
    summary: 'End an e-mail subscription; messages still pending are given up (roles programme_lead, admin)',
  })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, description: 'no such live subscription' })
  @ApiResponse({ status: 400, description: 'subscriptionId is not a UUID' })
  async end(
    @Param('subscriptionId', uuidParam('subscriptionId')) subscriptionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    if (!(await this.commands.execute(new EndEmailSubscription(subscriptionId, principal.keyId))))
      throw new ApiError(404, `no live e-mail subscription ${subscriptionId}`);
  }

  @Get('email-subscriptions/:subscriptionId/deliveries')
  @Allow('programme_lead', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Messages to one subscription, newest first: confirmation and reports, attempts, last error and SMTP reply, next attempt (roles programme_lead, admin)',
  })
  @ApiOkResponse({
    description: 'the messages, newest first',
    schema: listOf('deliveries', EMAIL_DELIVERY_SCHEMA),
  })
  @ApiResponse({ status: 400, description: 'subscriptionId is not a UUID' })
  @ApiResponse({ status: 404, description: 'no such e-mail subscription' })
  async bySubscription(
    @Param('subscriptionId', uuidParam('subscriptionId')) subscriptionId: string,
  ): Promise<{ deliveries: EmailDeliveryStatus[] }> {
    if (!(await this.store.exists(subscriptionId)))
      throw new ApiError(404, `e-mail subscription ${subscriptionId} does not exist`);
    return {
      deliveries: await this.queries.execute(new ListEmailDeliveries({ subscriptionId, limit: 200 })),
    };
  }

  @Get('reports/:reportId/email-deliveries')
  @Allow('programme_lead', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'E-mails of one report, one per confirmed subscriber (roles programme_lead, admin)',
  })
  @ApiOkResponse({
    description: 'the report’s messages',
    schema: listOf('deliveries', EMAIL_DELIVERY_SCHEMA),
  })
  @ApiResponse({ status: 400, description: 'reportId is not a UUID' })
  @ApiResponse({ status: 404, description: 'no such report' })
  async byReport(
    @Param('reportId', uuidParam('reportId')) reportId: string,
  ): Promise<{ deliveries: EmailDeliveryStatus[] }> {
    if (!(await this.archive.metadata(reportId)))
      throw new ApiError(404, `report ${reportId} does not exist`);
    return { deliveries: await this.queries.execute(new ListEmailDeliveries({ reportId, limit: 1000 })) };
  }
}
