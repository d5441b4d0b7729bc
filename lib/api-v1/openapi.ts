// The OpenAPI 3.1 document served at /api/v1/openapi.json, generated from the zod schemas
// the routes parse and answer with (lib/api-v1/schemas.ts), so the two cannot drift.
import { z } from "zod";
import {
  campaignPage,
  campaignSchema,
  campaignsQuery,
  conversationDetailSchema,
  conversationPage,
  conversationParams,
  conversationSchema,
  conversationsQuery,
  errorSchema,
  leadPage,
  leadSchema,
  leadsQuery,
  turnSchema,
} from "./schemas";

interface Operation {
  path: string;
  operationId: string;
  summary: string;
  description: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  response: z.ZodType;
}

export const OPERATIONS: readonly Operation[] = [
  {
    path: "/api/v1/campaigns",
    operationId: "listCampaigns",
    summary: "List campaigns",
    description: "The workspace's campaigns, newest first.",
    query: campaignsQuery,
    response: campaignPage,
  },
  {
    path: "/api/v1/conversations",
    operationId: "listConversations",
    summary: "List conversations",
    description:
      "The workspace's calls, newest first (by started_at, then id). Always bounded by date: " +
      "without from/to, the last 90 days.",
    query: conversationsQuery,
    response: conversationPage,
  },
  {
    path: "/api/v1/conversations/{id}",
    operationId: "getConversation",
    summary: "Get a conversation with its turns",
    description: "One call with its transcript, turn by turn, with latency and cost.",
    params: conversationParams,
    response: conversationDetailSchema,
  },
  {
    path: "/api/v1/leads",
    operationId: "listLeads",
    summary: "List leads",
    description:
      "The workspace's scored leads, newest first (by created_at, then id). from/to bound the " +
      "start of the lead's call; without them, the last 90 days.",
    query: leadsQuery,
    response: leadPage,
  },
];

const COMPONENTS = {
  Campaign: campaignSchema,
  CampaignPage: campaignPage,
  Conversation: conversationSchema,
  ConversationPage: conversationPage,
  ConversationDetail: conversationDetailSchema,
  Turn: turnSchema,
  Lead: leadSchema,
  LeadPage: leadPage,
  Error: errorSchema,
};

type JsonSchema = Record<string, unknown>;

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
    delete s.id;
  }
  return schemas;
}

function parameters(schema: z.ZodObject, where: "query" | "path") {
  const json = z.toJSONSchema(schema, { io: "input" }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, { description, ...rest }]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    ...(description ? { description } : {}),
    schema: rest,
  }));
}

const ref = (id: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${id}` });
const idOf = (schema: z.ZodType) =>
  (Object.entries(COMPONENTS).find(([, s]) => s === schema)?.[0] ??
    "Error") as keyof typeof COMPONENTS;

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Error") } },
});

function operation(op: Operation) {
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    parameters: [
      ...(op.params ? parameters(op.params, "path") : []),
      ...(op.query ? parameters(op.query, "query") : []),
    ],
    responses: {
      "200": {
        description: "OK",
        content: { "application/json": { schema: ref(idOf(op.response)) } },
      },
      "400": errorResponse("Invalid query or cursor (error.fields names the parameter)"),
      "401": errorResponse("Missing, invalid or revoked API key"),
      ...(op.params ? { "404": errorResponse("No such conversation in the key's workspace") } : {}),
      "429": {
        ...errorResponse("Over the key's rate limit"),
        headers: {
          "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } },
        },
      },
    },
  };
}

export function openApiDocument(serverUrl?: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Voxline API",
      version: "1.0.0",
      description:
        "Read-only access to a workspace's campaigns, conversations and leads. Authenticate " +
        "with an API key from Settings → API keys: `Authorization: Bearer vx_…`. A key reads " +
        "what its creator may read in its workspace. Lists are keyset-paginated: pass " +
        "`next_cursor` as `cursor` until it is null. Rate limit: 60 requests a minute per key.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ apiKey: [] }],
    paths: Object.fromEntries(OPERATIONS.map((op) => [op.path, { get: operation(op) }])),
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "vx_…",
          description: "An API key created in Settings → API keys",
        },
      },
      schemas: componentSchemas(),
    },
  };
}
