import type { FastifyInstance } from 'fastify';

/**
 * The methods registered for each route pattern, so that a known path asked with another method
 * answers 405 with `Allow` rather than 404. Filled by Fastify's onRoute hook as Nest registers
 * its routes; Fastify's router itself offers no "which methods match this path" query.
 */
export class RouteMethods {
  private readonly routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  add(url: string, methods: string | string[]): void {
    if (url.includes('*')) return; // catch-alls (CORS preflight) match every path
    let route = this.routes.get(url);
    if (!route) {
      route = { pattern: patternOf(url), methods: new Set() };
      this.routes.set(url, route);
    }
    for (const method of Array.isArray(methods) ? methods : [methods]) route.methods.add(method.toUpperCase());
  }

  /** Every method some route answers on this path (no query string), sorted; empty for an unknown path. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}

/** `/admin/sessions/:id` -> ^/admin/sessions/[^/]+$ (Fastify's router, as configured, is as strict about trailing slashes). */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

const registries = new WeakMap<object, RouteMethods>();

/** Starts collecting the routes of `fastify`; call before Nest registers them. */
export function collectRouteMethods(fastify: FastifyInstance): void {
  const registry = new RouteMethods();
  registries.set(fastify, registry);
  fastify.addHook('onRoute', (route) => registry.add(route.url, route.method));
}

/** The registry of the app serving a request (`request.server` may be an encapsulated child of the root). */
export function routeMethodsOf(server: unknown): RouteMethods | undefined {
  for (let instance = server; instance && typeof instance === 'object'; instance = Object.getPrototypeOf(instance)) {
    const registry = registries.get(instance);
    if (registry) return registry;
  }
  return undefined;
}
