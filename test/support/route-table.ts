import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PUBLIC_KEY } from '../../apps/api/src/auth/roles.decorator';
import { RouteScope, SCOPE_KEY } from '../../apps/api/src/auth/scope.decorator';

export interface RouteEntry {
  /** `GET /v1/apps/:id`, as the router serves it. */
  route: string;
  method: string;
  path: string;
  public: boolean;
  scope: RouteScope | undefined;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every route of every controller the application serves, with its declared scope, read from Nest's own metadata. */
export function routeTable(app: NestFastifyApplication): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat() as string[];
        const declared = (key: string) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        for (const b of base) {
          for (const p of paths) {
            const path = join(b, p);
            const verb = RequestMethod[method];
            routes.push({
              route: `${verb} ${path}`,
              method: verb,
              path,
              public: declared(PUBLIC_KEY) === true,
              scope: declared(SCOPE_KEY),
            });
          }
        }
      }
    }
  }
  return [...new Map(routes.map((r) => [r.route, r])).values()].sort((x, y) => x.route.localeCompare(y.route));
}
