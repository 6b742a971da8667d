import type { Method, Route } from "../route.js";

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  literalWeight: number;
}

/** The route for a request, its path parameters, and the methods its path allows. */
export interface RouteMatch {
  route?: Route;
  params: Record<string, string>;
  allowed: Method[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}|[.*+?^$()|[\]\\]/g, (token, name?: string) => {
    if (name === undefined) return `\\${token}`;
    names.push(name);
    return "([^/]+)";
  });
  const literalWeight = route.path.split("/").filter((part) => !part.startsWith("{")).length;
  return { route, pattern: new RegExp(`^${source}/?$`), names, literalWeight };
}

/** Matches request paths against route templates; literal segments win over parameters. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile).sort((a, b) => b.literalWeight - a.literalWeight);
  }

  match(method: string, path: string): RouteMatch {
    const allowed: Method[] = [];
    let found: RouteMatch | undefined;
    for (const candidate of this.compiled) {
      const hit = candidate.pattern.exec(path);
      if (hit === null) continue;
      allowed.push(candidate.route.method);
      if (found !== undefined || candidate.route.method !== method) continue;
      const params: Record<string, string> = {};
      candidate.names.forEach((name, i) => {
        params[name] = safeDecode(hit[i + 1] ?? "");
      });
      found = { route: candidate.route, params, allowed };
    }
    return found ?? { params: {}, allowed };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
