import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** The server's Prometheus metrics. */
export interface Metrics {
  registry: Registry;
  requests: Histogram<"method" | "route" | "status">;
  decisions: Counter<"decision">;
}

/** A fresh registry with process metrics, request timings and decision counts. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: "bedrock_http_request_duration_seconds",
    help: "HTTP request duration by method, route template and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const decisions = new Counter({
    name: "bedrock_decisions_total",
    help: "Evaluate decisions answered, by outcome.",
    labelNames: ["decision"] as const,
    registers: [registry],
  });
  return { registry, requests, decisions };
}
