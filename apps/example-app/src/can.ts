import { type Bedrock, BedrockApiError, type SubjectRef } from "@bedrock/sdk";

/** Who is looking at a screen: a person, or an agent acting for one. */
export interface Viewer {
  actor: SubjectRef;
  onBehalfOf?: SubjectRef;
}

/** What a question is about: an action on a kind of resource, perhaps one in particular. */
export interface Access {
  action: string;
  resourceType: string;
  resourceId?: string;
}

/**
 * Whether the viewer may do something at a scope. When Bedrock cannot be
 * reached the answer is no: a screen never offers what was not allowed.
 */
export async function can(
  bedrock: Pick<Bedrock, "evaluate">,
  viewer: Viewer,
  scopeId: string,
  access: Access,
): Promise<boolean> {
  try {
    const decision = await bedrock.evaluate({
      ...viewer,
      scopeId,
      action: access.action,
      resource: { resourceType: access.resourceType, resourceId: access.resourceId },
    });
    return decision.allowed;
  } catch (error) {
    if (error instanceof BedrockApiError) return false;
    throw error;
  }
}
