import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Principal, RoleName } from './principal';

export const ACCESS_RULE = 'ips:access-rule';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: RoleName[] };

/**
 * Every route must carry an access rule: `@Allow(...)` or `@Public()`. The guard denies a
 * route that has none, and the route-matrix test fails on it.
 */
export const Allow = (...roles: RoleName[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule);
/** No key: the guard lets anyone in, and the OpenAPI operation says so (`security: [{}]`). */
export const Public = () =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule), ApiSecurity({}));

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
