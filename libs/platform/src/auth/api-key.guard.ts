import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '../http/error-body.filter';
import { AuditLog } from '../audit/audit-log';
import { ACCESS_RULE, type AccessRule } from './access-rules';
import { API_KEY_PREFIX, isAcceptableKeyText } from './api-key';
import { ApiKeyStore } from './api-key.store';
import type { Principal } from './principal';
import { RateLimiter } from './rate-limiter';

export const RATE_LIMITER = Symbol('RATE_LIMITER');

const KEY_LIKE_QUERY_PARAMS = /^(api[_-]?key|key|token|access[_-]?token|auth|authorization|bearer)$/i;

/**
 * Global guard: every route needs an access rule; non-public routes need a bearer key
 * (header only) whose role the rule allows, and stay within the key's rate limit. It runs
 * before the request body is read (RequestBodyReader), so refusals cost no parsing.
 * Unknown, revoked and malformed keys all get the same 401.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
    private readonly audit: AuditLog,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const route = `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? '?'}`;
    if (!rule) {
      await this.audit.record({
        actor: 'anonymous',
        action: 'access',
        outcome: 'denied',
        details: { route, reason: 'route has no access rule' },
      });
      throw new ApiError(403, 'this route has no access rule');
    }
    // before the public check: a key in a URL is refused on every route, so no client
    // learns to put one where proxies and browsers write it down
    if (
      Object.entries(req.query ?? {}).some(
        ([name, value]) => KEY_LIKE_QUERY_PARAMS.test(name) || String(value).includes(API_KEY_PREFIX),
      )
    ) {
      await this.audit.record({
        actor: 'anonymous',
        action: 'authenticate',
        outcome: 'denied',
        details: { route, reason: 'key in URL' },
      });
      throw new ApiError(401, 'API keys are accepted only in the Authorization header, never in the URL');
    }
    if (rule.kind === 'public') return true;

    const principal = await this.authenticate(req.headers.authorization);
    if (!principal) {
      await this.audit.record({
        actor: 'anonymous',
        action: 'authenticate',
        outcome: 'denied',
        details: { route },
      });
      throw new ApiError(401, 'missing or invalid API key', undefined, { 'WWW-Authenticate': 'Bearer' });
    }
    if (!rule.roles.includes(principal.role)) {
      await this.audit.record({
        actor: principal.keyId,
        action: 'authorize',
        outcome: 'denied',
        details: { route, role: principal.role },
      });
      throw new ApiError(403, `role ${principal.role} may not use this endpoint`);
    }
    const wait = this.limiter.take(principal.keyId);
    if (wait > 0)
      throw new ApiError(429, 'rate limit exceeded for this API key', undefined, {
        'Retry-After': String(wait),
      });
    req.principal = principal;
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal | null> {
    const m = /^Bearer ([^\s]+)$/.exec(header ?? '');
    const presented = m?.[1] ?? '';
    // look up even malformed keys, so a malformed key costs the same as an unknown one
    const principal = await this.keys.authenticate(presented.slice(0, 512));
    return principal && isAcceptableKeyText(presented) ? principal : null;
  }
}
