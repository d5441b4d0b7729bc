// A local stand-in for the parts of Vercel's REST API the rollback script uses: get a
// project (with its current production deployment in `targets.production`), list
// deployments, and roll back or promote production to a deployment. Bearer token and
// teamId are checked as Vercel does; every request is recorded for assertions.
import { createServer, type ServerResponse } from "node:http";
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
}

export async function startVercel(options: VercelStandInOptions) {
  const state = { production: options.production };
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

  const server = createServer((req, res) => {
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
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
