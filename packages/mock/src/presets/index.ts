import { guide } from "./guide.js";

/** Ready-made scenarios. */
export const presets = {
  /** The multi-tenancy guide's Acme and Globex, with the guide's ids. */
  guide,
} as const;
