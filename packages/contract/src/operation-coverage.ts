/** One operation of the API document. */
export interface Operation {
  operationId: string;
  method: string;
  path: string;
}

/** An OpenAPI document, as far as coverage needs it. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string }>>;
}

const httpMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Every operation the document lists, in its order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!httpMethods.has(method) || operation.operationId === undefined) continue;
      operations.push({ operationId: operation.operationId, method, path });
    }
  }
  return operations;
}

interface Template {
  operation: Operation;
  pattern: RegExp;
  literals: number;
}

// A path parameter matches one segment; everything else matches itself.
const segmentPattern = (part: string): string =>
  /^\{\w+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

function compile(operation: Operation): Template {
  const parts = operation.path.split("/");
  const source = parts.map(segmentPattern).join("/");
  const literals = parts.filter((part) => !part.startsWith("{")).length;
  return { operation, pattern: new RegExp(`^${source}/?$`), literals };
}

/**
 * Tells which operations of an API document a test run has called, by
 * matching each request's method and path against the document's templates.
 */
export class OperationCoverage {
  private readonly templates: Template[];
  private readonly called = new Map<string, number[]>();

  constructor(readonly operations: readonly Operation[]) {
    // Literal segments win over parameters, as in the router: /roles/batch before /roles/{id}.
    this.templates = operations.map(compile).sort((a, b) => b.literals - a.literals);
  }

  /** The operation a request is for, if the document has one. */
  match(method: string, path: string): Operation | undefined {
    const lower = method.toLowerCase();
    return this.templates.find((t) => t.operation.method === lower && t.pattern.test(path))
      ?.operation;
  }

  /** Notes one answered request; returns its operation id, if any. */
  record(method: string, path: string, status: number): string | undefined {
    const operation = this.match(method, path);
    if (operation === undefined) return undefined;
    const statuses = this.called.get(operation.operationId) ?? [];
    statuses.push(status);
    this.called.set(operation.operationId, statuses);
    return operation.operationId;
  }

  /** The operations no request has called yet. */
  missing(): Operation[] {
    return this.operations.filter((operation) => !this.called.has(operation.operationId));
  }

  /** Operations that answered a 5xx, which no input should cause. */
  serverErrors(): { operationId: string; statuses: number[] }[] {
    return [...this.called]
      .map(([operationId, statuses]) => ({
        operationId,
        statuses: statuses.filter((status) => status >= 500),
      }))
      .filter((entry) => entry.statuses.length > 0);
  }

  /** A fetch that records every request sent under `baseUrl` before passing it on. */
  wrap(
    send: (request: Request) => Promise<Response>,
    baseUrl: string,
  ): (request: Request) => Promise<Response> {
    const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
    return async (request) => {
      const response = await send(request);
      const path = new URL(request.url).pathname.slice(basePath.length) || "/";
      this.record(request.method, path, response.status);
      return response;
    };
  }
}
