// POST /api/workspaces/current — switch the workspace the dashboard and API act in
// Takes JSON or a plain HTML form post (the header's switcher works without JavaScript): a
// form gets a 303 back to the dashboard, JSON gets the workspace. The id is only a request:
// it must name a workspace the user is a member of (read under RLS), else 404, nothing set.
import { NextResponse } from "next/server";
import { z } from "zod";
import { notFound } from "@/lib/errors";
import { isMediaType, parseInput, readJsonValue, readText } from "@/lib/http/parse";
import { route } from "@/lib/http/route";
import { WORKSPACE_COOKIE, workspaceCookieOptions, workspacesOf } from "@/lib/workspaces/current";

const bodySchema = z.strictObject({ workspaceId: z.uuid("Unknown workspace") });

const FORM = "application/x-www-form-urlencoded";

export const POST = route({ auth: "user" }, async ({ req, user, cookies }) => {
  const form = isMediaType(req, FORM);
  const raw = form
    ? Object.fromEntries(new URLSearchParams(await readText(req)))
    : await readJsonValue(req);
  const { workspaceId } = parseInput(bodySchema, raw, "body");
  const workspace = (await workspacesOf(user)).find((w) => w.id === workspaceId);
  if (!workspace) throw notFound("Workspace");
  cookies.jar.setAll([
    { name: WORKSPACE_COOKIE, value: workspace.id, options: workspaceCookieOptions() },
  ]);
  if (form) return new NextResponse(null, { status: 303, headers: { location: "/campaigns" } });
  return NextResponse.json({ workspace });
});
