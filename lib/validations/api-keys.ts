// API key inputs, shared by the settings forms and the server actions.
import { z } from "zod";

export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, "Name the key (what uses it, e.g. “CRM sync”)")
  .max(80, "At most 80 characters");

export const createApiKeySchema = z.strictObject({ name: apiKeyNameSchema });
export const revokeApiKeySchema = z.strictObject({ keyId: z.uuid("Unknown key") });

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
