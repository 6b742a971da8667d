import type { Bedrock } from "@bedrock/sdk";
import { type Access, can, type Viewer } from "./can.js";

/** A button of the customer screen, shown only to those allowed its action. */
export interface ScreenButton {
  id: "edit-customer" | "delete-customer" | "export-report";
  label: string;
  access: Omit<Access, "resourceId">;
}

/** Every button the customer screen can show, in the order it shows them. */
export const customerButtons: readonly ScreenButton[] = [
  {
    id: "edit-customer",
    label: "Edit customer",
    access: { action: "write", resourceType: "customer" },
  },
  {
    id: "delete-customer",
    label: "Delete customer",
    access: { action: "delete", resourceType: "customer" },
  },
  {
    id: "export-report",
    label: "Export report",
    access: { action: "export", resourceType: "report" },
  },
];

/** Where the screen is open: the project or environment, and the customer on it. */
export interface CustomerScreenContext {
  viewer: Viewer;
  scopeId: string;
  customerId?: string;
}

/** The labels of the buttons the viewer may use on a customer's screen. */
export async function visibleCustomerButtons(
  bedrock: Pick<Bedrock, "evaluate">,
  context: CustomerScreenContext,
): Promise<string[]> {
  // Customer buttons ask about this customer; reports are not per customer.
  const resourceIdFor = (button: ScreenButton) =>
    button.access.resourceType === "customer" ? context.customerId : undefined;

  const allowed = await Promise.all(
    customerButtons.map((button) =>
      can(bedrock, context.viewer, context.scopeId, {
        ...button.access,
        resourceId: resourceIdFor(button),
      }),
    ),
  );
  return customerButtons.filter((_, i) => allowed[i]).map((button) => button.label);
}
