import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  UsePipes,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TrialsStore } from '@ips/persistence';
import {
  Allow,
  ApiError,
  ApiKeyStore,
  AuditLog,
  CurrentPrincipal,
  strictValidationPipe,
  type Principal,
} from '@ips/platform';
import {
  CreateKeyDto,
  CreateSiteDto,
  CreateTrialDto,
  KeyCreatedDto,
  SiteCreatedDto,
  TrialCreatedDto,
} from './admin.dto';
import { KEY_LIST_SCHEMA } from '../ingest-api.schema';

/** Admin API (DESIGN §4): trials, sites with their first key, further keys, revocation. Every action is audited. */
@ApiTags('admin')
@Controller('v1')
@UsePipes(strictValidationPipe())
export class AdminHttpController {
  constructor(
    private readonly trials: TrialsStore,
    private readonly keys: ApiKeyStore,
    private readonly audit: AuditLog,
  ) {}

  @Post('trials')
  @Allow('admin')
  @ApiOperation({ summary: 'Create a trial' })
  @ApiResponse({ status: 201, type: TrialCreatedDto })
  @ApiResponse({ status: 400, description: 'a field breaks its rule (named)' })
  @ApiResponse({ status: 409, description: 'the trial exists' })
  async createTrial(
    @Body() body: CreateTrialDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TrialCreatedDto> {
    const created = await this.trials.createTrial(body);
    await this.audit.record({
      actor: principal.keyId,
      action: 'trial.create',
      outcome: created ? 'ok' : 'rejected',
      details: { trialId: body.trialId },
    });
    if (!created) throw new ApiError(409, `trial ${body.trialId} already exists`);
    return { trialId: body.trialId, name: body.name, startDate: body.startDate };
  }

  @Post('trials/:trialId/sites')
  @Allow('admin')
  @ApiOperation({ summary: "Create a site of a trial, with the site's API key (shown once)" })
  @ApiResponse({ status: 201, type: SiteCreatedDto })
  @ApiResponse({ status: 400, description: 'a field breaks its rule (named)' })
  @ApiResponse({ status: 404, description: 'no such trial' })
  @ApiResponse({ status: 409, description: 'the siteId exists (in any trial)' })
  async createSite(
    @Param('trialId') trialId: string,
    @Body() body: CreateSiteDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SiteCreatedDto> {
    const result = await this.trials.createSite(trialId, body, (tx) =>
      this.keys.issue(`site:${body.siteId}`, body.siteId, tx),
    );
    const outcome = typeof result === 'string' ? 'rejected' : 'ok';
    await this.audit.record({
      actor: principal.keyId,
      action: 'site.create',
      outcome,
      details: {
        trialId,
        siteId: body.siteId,
        ...(typeof result === 'string' ? { reason: result } : { keyId: result.keyId }),
      },
    });
    if (result === 'no-trial') throw new ApiError(404, `trial ${trialId} does not exist`);
    if (result === 'exists') throw new ApiError(409, `site ${body.siteId} already exists`);
    return { siteId: body.siteId, trialId, keyId: result.keyId, apiKey: result.apiKey };
  }

  @Post('keys')
  @Allow('admin')
  @ApiOperation({ summary: 'Issue an API key for a role (shown once)' })
  @ApiResponse({ status: 201, type: KeyCreatedDto })
  @ApiResponse({ status: 400, description: 'not a role (named)' })
  @ApiResponse({ status: 404, description: 'a site key for a site that does not exist' })
  async createKey(
    @Body() body: CreateKeyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<KeyCreatedDto> {
    const siteId = body.role.startsWith('site:') ? body.role.slice(5) : null;
    if (siteId) {
      if (!(await this.trials.siteExists(siteId))) throw new ApiError(404, `site ${siteId} does not exist`);
    }
    const issued = await this.keys.issue(body.role, siteId);
    await this.audit.record({
      actor: principal.keyId,
      action: 'key.create',
      outcome: 'ok',
      details: { keyId: issued.keyId, role: body.role },
    });
    return issued;
  }

  @Get('keys')
  @Allow('admin')
  @ApiOperation({ summary: 'List API keys (ids, roles, state; never the keys themselves)' })
  @ApiOkResponse({ description: 'every key, oldest first', schema: KEY_LIST_SCHEMA })
  async listKeys() {
    return { keys: await this.keys.list() };
  }

  @Delete('keys/:keyId')
  @HttpCode(204)
  @Allow('admin')
  @ApiOperation({ summary: 'Revoke an API key (takes effect on the next request)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, description: 'keyId is not a UUID' })
  @ApiResponse({ status: 404, description: 'no such active key' })
  async revokeKey(
    @Param('keyId', new ParseUUIDPipe({ exceptionFactory: () => new ApiError(400, 'keyId must be a UUID') }))
    keyId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const revoked = await this.keys.revoke(keyId);
    await this.audit.record({
      actor: principal.keyId,
      action: 'key.revoke',
      outcome: revoked ? 'ok' : 'rejected',
      details: { keyId },
    });
    if (!revoked) throw new ApiError(404, `no active key ${keyId}`);
  }
}
