// A local stand-in for the parts of Vercel's REST API the ops scripts use: get a project
// (with its current production deployment in `targets.production`), list deployments, roll
// back or promote production to a deployment (rollback); list and upsert the project's
// environment variables and redeploy a deployment (rotate-secrets). Bearer token and
// teamId are checked as Vercel does; every request is recorded for assertions.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInDeployment {
  uid: string;
  url: string;
  created: number;
  target: "production" | null;
  readyState: "READY" | "ERROR" | "BUILDING" | "CANCELED";
}

export interface VercelStandInOptions {
  token: string;
  projectId: string;
  teamId: string;
  deployments: StandInDeployment[];
  /** uid of the deployment production domains point at. */
  production: string;
  /** The project's environment variables ("sensitive" ones are never read back). */
  env?: StandInEnvVar[];
}

export interface StandInEnvVar {
  key: string;
  value: string;
  type: "encrypted" | "sensitive" | "plain";
  target: string[];
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : null;
}

function upsert(list: StandInEnvVar[], input: StandInEnvVar) {
  const existing = list.find(
    (v) => v.key === input.key && v.target.some((t) => input.target.includes(t)),
  );
  if (existing) Object.assign(existing, input);
  else list.push({ ...input });
}

export async function startVercel(options: VercelStandInOptions) {
  const state = { production: options.production, redeploys: 0 };
  const env = options.env ?? [];
  /** The variables each redeploy was built with, by deployment uid. */
  const deployedEnv = new Map<string, Record<string, string>>();
  const requests: { method: string; path: string }[] = [];
  const byUid = (uid: string) => options.deployments.find((d) => d.uid === uid);
  const summary = (d: StandInDeployment) => ({
    uid: d.uid,
    name: "voxline",
    url: d.url,
    created: d.created,
    createdAt: d.created,
    state: d.readyState,
    readyState: d.readyState,
    target: d.target,
  });
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, code: string, message: string) =>
    send(res, status, { error: { code, message } });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    requests.push({ method: req.method ?? "GET", path: `${url.pathname}${url.search}` });
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return error(res, 403, "forbidden", "Not authorized");
    }
    if (url.searchParams.get("teamId") !== options.teamId) {
      return error(res, 403, "forbidden", "You don't have access to this team");
    }
    const project = `/v9/projects/${options.projectId}`;
    if (req.method === "GET" && url.pathname === project) {
      const current = byUid(state.production)!;
      return send(res, 200, {
        id: options.projectId,
        name: "voxline",
        targets: { production: { id: current.uid, ...summary(current) } },
      });
    }
    if (req.method === "GET" && url.pathname === "/v6/deployments") {
      if (url.searchParams.get("projectId") !== options.projectId) {
        return error(res, 404, "not_found", "Project not found");
      }
      const target = url.searchParams.get("target");
      const stateFilter = url.searchParams.get("state");
      const until = Number(url.searchParams.get("until") ?? Number.POSITIVE_INFINITY);
      const limit = Number(url.searchParams.get("limit") ?? 20);
      const list = options.deployments
        .filter((d) => !target || d.target === target)
        .filter((d) => !stateFilter || stateFilter.split(",").includes(d.readyState))
        .filter((d) => d.created < until)
        .sort((a, b) => b.created - a.created);
      const page = list.slice(0, limit);
      return send(res, 200, {
        deployments: page.map(summary),
        pagination: {
          count: page.length,
          next: list.length > limit ? page.at(-1)!.created : null,
          prev: null,
        },
      });
    }
    if (url.pathname === `/v10/projects/${options.projectId}/env`) {
      if (req.method === "GET") {
        const decrypt = url.searchParams.get("decrypt") === "true";
        return send(res, 200, {
          envs: env.map((v, i) => ({
            id: `env_${i}`,
            key: v.key,
            type: v.type,
            target: v.target,
            ...(v.type === "sensitive" ? {} : { value: decrypt ? v.value : "(encrypted)" }),
          })),
        });
      }
      if (req.method === "POST") {
        if (url.searchParams.get("upsert") !== "true") {
          return error(res, 400, "env_already_exists", "Use upsert=true to replace a variable");
        }
        const body = await readJson(req);
        for (const item of Array.isArray(body) ? body : [body]) upsert(env, item);
        return send(res, 201, { created: body });
      }
    }
    if (req.method === "POST" && url.pathname === "/v13/deployments") {
      const body = (await readJson(req)) as { deploymentId?: string; target?: string };
      const from = byUid(body?.deploymentId ?? "");
      if (!from) return error(res, 404, "not_found", "Deployment not found");
      state.redeploys += 1;
      const created: StandInDeployment = {
        uid: `dpl_redeploy_${state.redeploys}`,
        url: `voxline-redeploy-${state.redeploys}.vercel.app`,
        created: Date.now(),
        target: body.target === "production" ? "production" : null,
        readyState: "READY",
      };
      options.deployments.push(created);
      deployedEnv.set(
        created.uid,
        Object.fromEntries(
          env.filter((v) => v.target.includes("production")).map((v) => [v.key, v.value]),
        ),
      );
      if (created.target === "production") state.production = created.uid;
      return send(res, 200, { id: created.uid, url: created.url, readyState: "BUILDING" });
    }
    const deployment = url.pathname.match(/^\/v13\/deployments\/([^/]+)$/);
    if (req.method === "GET" && deployment) {
      const d = byUid(deployment[1]!);
      if (!d) return error(res, 404, "not_found", "Deployment not found");
      return send(res, 200, { id: d.uid, url: d.url, readyState: d.readyState });
    }
    const move = url.pathname.match(
      /^\/(?:v1\/projects\/([^/]+)\/rollback|v10\/projects\/([^/]+)\/promote)\/([^/]+)$/,
    );
    if (req.method === "POST" && move) {
      const [, rollbackProject, promoteProject, uid] = move;
      if ((rollbackProject ?? promoteProject) !== options.projectId) {
        return error(res, 404, "not_found", "Project not found");
      }
      const target = byUid(uid!);
      if (target?.readyState !== "READY" || target.target !== "production") {
        return error(res, 409, "invalid_deployment", "Not a ready production deployment");
      }
      state.production = target.uid;
      res.writeHead(201).end();
      return;
    }
    error(res, 404, "not_found", `stand-in has no ${req.method} ${url.pathname}`);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    production: () => state.production,
    env: () => env,
    deployedEnv: (uid: string) => deployedEnv.get(uid),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
