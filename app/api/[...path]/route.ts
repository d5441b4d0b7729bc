// ANY /api/<unknown> — a JSON 404 instead of Next's HTML page, for every method
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";

const missing = route({}, async ({ req }) => {
  throw notFound(`API route ${req.nextUrl.pathname}`);
});

export { missing as DELETE, missing as GET, missing as PATCH, missing as POST, missing as PUT };
