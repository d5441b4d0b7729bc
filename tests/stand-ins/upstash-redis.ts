// A local stand-in for Upstash Redis's REST API, bridged to a real Redis: `POST /` runs one
// command given as a JSON array, `POST /pipeline` runs an array of them, both behind a
// Bearer token. With `upstash-encoding: base64` (what @upstash/redis sends), bulk-string
// results are base64-encoded, as Upstash does. Redis 7.0 rejects the
// `#!lua flags=allow-key-locking` shebang @upstash/ratelimit puts on its scripts, so the
// bridge strips the flag and maps the scripts' SHA1s to the stripped scripts'.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";

type Reply = string | number | null | Reply[] | { error: string } | { simple: string };

/** A minimal RESP2 client: one connection, commands answered in order. */
function respClient(host: string, port: number) {
  const socket: Socket = connect(port, host);
  const waiting: ((reply: Reply) => void)[] = [];
  let buffer = Buffer.alloc(0);

  // Parses one reply at `at`; returns it and where the next begins, or null if incomplete.
  function parse(at: number): [Reply, number] | null {
    const end = buffer.indexOf("\r\n", at);
    if (end < 0) return null;
    const type = String.fromCharCode(buffer[at]!);
    const line = buffer.toString("utf8", at + 1, end);
    const next = end + 2;
    if (type === "+") return [{ simple: line }, next];
    if (type === "-") return [{ error: line }, next];
    if (type === ":") return [Number(line), next];
    if (type === "$") {
      const length = Number(line);
      if (length < 0) return [null, next];
      if (buffer.length < next + length + 2) return null;
      return [buffer.toString("utf8", next, next + length), next + length + 2];
    }
    if (type === "*") {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: Reply[] = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parse(pos);
        if (!item) return null;
        items.push(item[0]);
        pos = item[1];
      }
      return [items, pos];
    }
    throw new Error(`unexpected RESP type ${type}`);
  }

  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let parsed = parse(0); parsed; parsed = parse(0)) {
      buffer = buffer.subarray(parsed[1]);
      waiting.shift()?.(parsed[0]);
    }
  });

  return {
    command(args: (string | number)[]): Promise<Reply> {
      const parts = args.map(String);
      let out = `*${parts.length}\r\n`;
      for (const p of parts) out += `$${Buffer.byteLength(p)}\r\n${p}\r\n`;
      return new Promise((resolve) => {
        waiting.push(resolve);
        socket.write(out);
      });
    },
    close: () => socket.destroy(),
  };
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
const stripFlags = (script: string) => script.replace(/^#!lua flags=[^\n]*\n/, "#!lua\n");

function encode(reply: Reply, base64: boolean): unknown {
  if (reply === null || typeof reply === "number") return reply;
  if (typeof reply === "string") return base64 ? Buffer.from(reply).toString("base64") : reply;
  if (Array.isArray(reply)) return reply.map((r) => encode(r, base64));
  if ("simple" in reply) {
    return reply.simple === "OK" || !base64
      ? reply.simple
      : Buffer.from(reply.simple).toString("base64");
  }
  return reply;
}

export async function startUpstashRedis(options: { redisUrl?: string; token?: string } = {}) {
  const redisUrl = new URL(options.redisUrl ?? "redis://127.0.0.1:6379");
  const redis = respClient(redisUrl.hostname, Number(redisUrl.port || 6379));
  const token = options.token ?? "upstash-stand-in-token";
  const scripts = new Map<string, string>(); // original script's SHA1 → stripped script's
  let commands = 0;

  async function run(raw: unknown[]): Promise<Reply> {
    const args = raw.map((a) => (typeof a === "object" ? JSON.stringify(a) : String(a)));
    const name = args[0]?.toLowerCase();
    commands++;
    if (name === "eval" && args[1]) {
      const stripped = stripFlags(args[1]);
      scripts.set(sha1(args[1]), sha1(stripped));
      args[1] = stripped;
    } else if (name === "evalsha" && args[1]) {
      args[1] = scripts.get(args[1]) ?? args[1];
    } else if (name === "script" && args[1]?.toLowerCase() === "load" && args[2]) {
      const stripped = stripFlags(args[2]);
      scripts.set(sha1(args[2]), sha1(stripped));
      await redis.command(["script", "load", stripped]);
      return sha1(args[2]); // the client expects the SHA1 of the script it sent
    }
    return redis.command(args);
  }

  const result = (reply: Reply, base64: boolean) =>
    reply && typeof reply === "object" && "error" in reply
      ? { error: reply.error }
      : { result: encode(reply, base64) };

  async function readJson(req: IncomingMessage) {
    let text = "";
    for await (const chunk of req) text += chunk;
    return JSON.parse(text);
  }

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    try {
      if (req.headers.authorization !== `Bearer ${token}`) {
        return send(res, 401, { error: "Unauthorized" });
      }
      const base64 = req.headers["upstash-encoding"] === "base64";
      const path = new URL(req.url ?? "/", "http://stand-in").pathname;
      const body = await readJson(req);
      if (req.method === "POST" && (path === "/pipeline" || path === "/multi-exec")) {
        const replies = [];
        for (const command of body as unknown[][]) replies.push(result(await run(command), base64));
        return send(res, 200, replies);
      }
      if (req.method === "POST" && path === "/") {
        const out = result(await run(body as unknown[]), base64);
        return send(res, "error" in out ? 400 : 200, out);
      }
      send(res, 404, { error: `stand-in has no ${req.method} ${path}` });
    } catch (error) {
      send(res, 500, { error: String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    /** Commands run so far: proves requests went through Redis, not an in-memory path. */
    commands: () => commands,
    close: async () => {
      redis.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
