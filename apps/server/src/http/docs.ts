import { createRequire } from "node:module";
import express, { type Router } from "express";

const require = createRequire(import.meta.url);

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Bedrock API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
</head>
<body>
  <div id="ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

const init = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#ui" });`;

/** Serves the OpenAPI document and an interactive reference at /docs, all offline. */
export function docsRouter(openapi: unknown): Router {
  const assets: string = require("swagger-ui-dist").getAbsoluteFSPath();
  const router = express.Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(openapi);
  });
  router.get("/docs", (_req, res) => {
    res.type("html").send(page);
  });
  router.get("/docs/init.js", (_req, res) => {
    res.type("js").send(init);
  });
  router.use("/docs/assets", express.static(assets, { index: false }));
  return router;
}
