import {
  type ErrorCode,
  errorStatuses,
  maxIdLength,
  namePattern,
  resourcePatternPattern,
} from "@bedrock/core";
import { z } from "./zod.js";

/** A client-chosen id; its prefix is checked by the operation. */
export const clientId = z
  .string()
  .min(1)
  .max(maxIdLength)
  .regex(/^[a-z0-9_-]+$/, "may hold only lower-case letters, digits, _ and -");

/** A reference to an existing record by id. */
export const ref = z.string().min(1, "must not be empty").max(200);

/** A display name. */
export const label = z.string().trim().min(1, "must not be empty").max(200);

export const description = z.string().max(2000).nullable();

export const timestamp = z.iso.datetime({ offset: true });

/** An action or resource type name, or `*`. */
export const actionName = z
  .string()
  .regex(namePattern, "must be 1 to 64 characters of A-Z a-z 0-9 _ . - or exactly *");

export const resourcePattern = z
  .string()
  .regex(resourcePatternPattern, "must be 1 to 256 printable characters; only * is special");

const maxMetaBytes = 16 * 1024;
const maxMetaDepth = 5;

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Object.values(value as Record<string, unknown>);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** Free-form JSON attached to a subject, bounded in size and depth. */
export const meta = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= maxMetaBytes, {
    message: `must serialize to at most ${maxMetaBytes} bytes`,
  })
  .refine((value) => depthOf(value) <= maxMetaDepth, {
    message: `must nest at most ${maxMetaDepth} levels deep`,
  })
  .openapi({ description: "Free-form JSON object, at most 16 KiB and 5 levels deep." });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(400).optional(),
};

/** A filter value in a query string: present means non-empty. */
export const filter = z
  .string()
  .trim()
  .min(1, "must not be empty when given")
  .max(200)
  .optional()
  .openapi({ description: "Surrounding spaces are ignored; empty is refused." });

/** A list answer: one page and the cursor of the next. */
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(errorStatuses) as [ErrorCode, ...ErrorCode[]]),
    errors: z
      .array(z.object({ code: z.string(), path: z.string(), message: z.string() }))
      .optional(),
  })
  .openapi("Problem", { description: "An RFC 9457 problem with a stable `code`." });

export const idParam = z.object({ id: ref });
