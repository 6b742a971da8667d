export * from "./authenticator.js";
export * from "./handler.js";
export * from "./openapi.js";
export * from "./problem.js";
export * from "./route.js";
export { routes } from "./routes/index.js";
export * as schemas from "./schemas/entities.js";
