// A local stand-in for Supabase Storage speaking the REST endpoints supabase-js's storage
// client calls (under /storage/v1): get and create a bucket, upload (POST with x-upsert),
// download, and delete by prefixes. It answers errors as Storage does ({ statusCode, error,
// message }), refuses requests without the service role's bearer token, and keeps objects
// in memory so a test can look at them.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./http";

export interface StoredObject {
  bytes: Buffer;
  contentType: string;
}

interface Bucket {
  id: string;
  public: boolean;
  objects: Map<string, StoredObject>;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const notFound = (res: ServerResponse, what: "Bucket" | "Object") =>
  send(res, 404, {
    statusCode: "404",
    error: what === "Bucket" ? "Bucket not found" : "not_found",
    message: `${what} not found`,
  });

export async function startSupabaseStorage(serviceRoleKey: string) {
  const buckets = new Map<string, Bucket>();
  const requests: { method: string; path: string }[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const method = req.method ?? "GET";
    requests.push({ method, path: url.pathname });
    if (req.headers.authorization !== `Bearer ${serviceRoleKey}`)
      return send(res, 403, { statusCode: "403", error: "Unauthorized", message: "invalid JWT" });
    const route = url.pathname.replace(/^\/storage\/v1/, "");
    const body = await readBody(req);

    const bucketMatch = /^\/bucket\/?([^/]*)$/.exec(route);
    if (bucketMatch) {
      const id = decodeURIComponent(bucketMatch[1] ?? "");
      if (method === "GET" && id) {
        const bucket = buckets.get(id);
        if (!bucket) return notFound(res, "Bucket");
        return send(res, 200, { id, name: id, public: bucket.public });
      }
      if (method === "POST" && !id) {
        const input = JSON.parse(body.toString() || "{}") as { id?: string; public?: boolean };
        if (!input.id)
          return send(res, 400, { statusCode: "400", error: "invalid", message: "id required" });
        if (buckets.has(input.id))
          return send(res, 409, {
            statusCode: "409",
            error: "Duplicate",
            message: "The resource already exists",
          });
        buckets.set(input.id, { id: input.id, public: input.public ?? false, objects: new Map() });
        return send(res, 200, { name: input.id });
      }
    }

    const objectMatch = /^\/object\/([^/]+)(?:\/(.+))?$/.exec(route);
    if (objectMatch) {
      const bucket = buckets.get(decodeURIComponent(objectMatch[1]!));
      if (!bucket) return notFound(res, "Bucket");
      const key = objectMatch[2] ? decodeURIComponent(objectMatch[2]) : null;
      if (method === "POST" && key) {
        const upsert = req.headers["x-upsert"] === "true";
        if (bucket.objects.has(key) && !upsert)
          return send(res, 409, {
            statusCode: "409",
            error: "Duplicate",
            message: "The resource already exists",
          });
        bucket.objects.set(key, {
          bytes: body,
          contentType: String(req.headers["content-type"] ?? "application/octet-stream"),
        });
        return send(res, 200, { Id: key, Key: `${bucket.id}/${key}` });
      }
      if (method === "GET" && key) {
        const object = bucket.objects.get(key);
        if (!object) return notFound(res, "Object");
        res.writeHead(200, {
          "content-type": object.contentType,
          "content-length": object.bytes.length,
        });
        return res.end(object.bytes);
      }
      if (method === "DELETE" && !key) {
        const { prefixes = [] } = JSON.parse(body.toString() || "{}") as { prefixes?: string[] };
        const deleted = prefixes.filter((p) => bucket.objects.delete(p));
        return send(
          res,
          200,
          deleted.map((name) => ({ name, bucket_id: bucket.id })),
        );
      }
    }
    send(res, 400, { statusCode: "400", error: "unsupported", message: `${method} ${route}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    buckets,
    requests,
    /** The objects of `bucket` (empty when it does not exist). */
    objects: (bucket: string) => buckets.get(bucket)?.objects ?? new Map<string, StoredObject>(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
