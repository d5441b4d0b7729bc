// GET /api/v1/openapi.json — the public API's OpenAPI 3.1 document (no key needed)
import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api-v1/openapi";
import { publicOrigin } from "@/lib/env";
import { route } from "@/lib/http/route";

export const GET = route({}, async () =>
  NextResponse.json(openApiDocument(publicOrigin()), {
    headers: { "cache-control": "public, max-age=300" },
  }),
);
