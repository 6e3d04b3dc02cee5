import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { readFileSync } from 'node:fs';
import { ACCESS_RULE, type AccessRule } from '@ips/platform';
import { eventually } from '../../support/http';
import type { ServiceProcess } from '../../support/service-process';

export interface NestRoute {
  /** `METHOD /path`, as express lists it */
  route: string;
  controller: string;
  handler: string;
  rule: AccessRule | undefined;
}

/**
 * Every route a running app serves, as its express router holds it (Nest controllers and
 * anything mounted beside them, such as the API docs): startHttpService logs the list once
 * at start-up, and this reads it back from the process's log file.
 */
export async function servedRoutes(service: ServiceProcess): Promise<string[]> {
  return eventually(
    async () => {
      const line = readFileSync(service.logFile, 'utf8')
        .split('\n')
        .find((l) => l.includes('"msg":"http routes"'));
      return line ? (JSON.parse(line) as { routes: string[] }).routes : undefined;
    },
    10_000,
    `the "http routes" line in ${service.logFile}`,
  );
}

/**
 * Every route of the controllers an app module declares (walking its imports, dynamic
 * modules included), with the access rule the ApiKeyGuard will find for it: the handler's
 * own, else the controller's (Reflector.getAllAndOverride order).
 */
export function nestRoutes(root: DynamicModule | Type): NestRoute[] {
  const out: NestRoute[] = [];
  for (const controller of controllersOf(root)) {
    const base = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of methodNames(controller.prototype)) {
      const handler = controller.prototype[name] as object;
      const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
      if (method === undefined) continue;
      const rule: AccessRule | undefined =
        Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller);
      for (const prefix of base) {
        for (const own of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
          out.push({
            route: `${RequestMethod[method]} ${joinPath(prefix, own)}`,
            controller: controller.name,
            handler: name,
            rule,
          });
        }
      }
    }
  }
  return out;
}

function controllersOf(root: unknown, seen = new Set<unknown>()): Type[] {
  let mod = root as DynamicModule | Type | { forwardRef?: () => unknown } | undefined;
  if (mod && typeof mod === 'object' && 'forwardRef' in mod && typeof mod.forwardRef === 'function')
    mod = mod.forwardRef() as Type;
  if (!mod || seen.has(mod)) return [];
  if (mod instanceof Promise)
    throw new Error('an asynchronous module import cannot be inspected: extend route-inventory.ts');
  seen.add(mod);
  const dynamic = typeof mod === 'object' && 'module' in mod ? (mod as DynamicModule) : undefined;
  const cls = (dynamic?.module ?? mod) as Type;
  const controllers: Type[] = [
    ...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) ?? []),
    ...(dynamic?.controllers ?? []),
  ];
  const imports: unknown[] = [
    ...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) ?? []),
    ...(dynamic?.imports ?? []),
  ];
  return [...controllers, ...imports.flatMap((i) => controllersOf(i, seen))];
}

function methodNames(proto: object | null): string[] {
  const names = new Set<string>();
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) if (name !== 'constructor') names.add(name);
  }
  return [...names];
}

function pathsOf(meta: unknown): string[] {
  if (meta === undefined) return ['/'];
  return Array.isArray(meta) ? meta.map(String) : [String(meta)];
}

function joinPath(a: string, b: string): string {
  const parts = [a, b].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return `/${parts.join('/')}`;
}
