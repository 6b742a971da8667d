import type { ScenarioStep } from "./scenario-step.js";

/** Where handles record the steps they declare, in declaration order. */
export interface Plan {
  add(step: ScenarioStep): void;
}

/** A handle returned by the builder, or the plain id of a record declared elsewhere. */
export type Ref<H extends { id: string }> = H | string;

/** The id a reference stands for. */
export function idOf<H extends { id: string }>(ref: Ref<H>): string {
  return typeof ref === "string" ? ref : ref.id;
}
