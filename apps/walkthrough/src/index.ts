export * from "./guide-walkthrough.js";
