// A local stand-in for Supabase Auth (GoTrue) speaking the endpoints @supabase/ssr uses:
// sign-up, password sign-in, refresh, the current user, and logout. Tokens are HS256 JWTs
// with Supabase's claims; like GoTrue, it writes each new user into auth.users through the
// `onUserCreated` hook so foreign keys to auth.users hold.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify, SignJWT } from "jose";

interface User {
  id: string;
  email: string;
  password: string;
}

const key = new TextEncoder().encode("supabase-stand-in-jwt-secret-0123456789");

async function readBody(req: IncomingMessage) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

function send(res: ServerResponse, status: number, body?: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(body === undefined ? "" : JSON.stringify(body));
}

export async function startSupabaseAuth(
  onUserCreated: (user: { id: string; email: string }) => Promise<void>,
) {
  const users = new Map<string, User>();
  const refreshTokens = new Map<string, string>(); // token → user id

  const userJson = (u: User) => ({
    id: u.id,
    aud: "authenticated",
    role: "authenticated",
    email: u.email,
    email_confirmed_at: new Date().toISOString(),
    app_metadata: { provider: "email" },
    user_metadata: {},
    created_at: new Date().toISOString(),
  });

  async function session(u: User) {
    const expiresIn = 3600;
    const accessToken = await new SignJWT({
      email: u.email,
      role: "authenticated",
      session_id: randomUUID(),
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(u.id)
      .setAudience("authenticated")
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(key);
    const refreshToken = randomUUID();
    refreshTokens.set(refreshToken, u.id);
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: expiresIn,
      expires_at: Math.floor(Date.now() / 1000) + expiresIn,
      refresh_token: refreshToken,
      user: userJson(u),
    };
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    try {
      if (req.method === "POST" && url.pathname === "/auth/v1/signup") {
        const { email, password } = await readBody(req);
        if ([...users.values()].some((u) => u.email === email)) {
          return send(res, 422, {
            code: 422,
            error_code: "user_already_exists",
            msg: "User already registered",
          });
        }
        const user = { id: randomUUID(), email, password };
        users.set(user.id, user);
        await onUserCreated(user);
        return send(res, 200, await session(user));
      }
      if (req.method === "POST" && url.pathname === "/auth/v1/token") {
        const body = await readBody(req);
        if (url.searchParams.get("grant_type") === "refresh_token") {
          const user = users.get(refreshTokens.get(body.refresh_token) ?? "");
          if (!user)
            return send(res, 400, {
              error_code: "refresh_token_not_found",
              msg: "Invalid Refresh Token",
            });
          return send(res, 200, await session(user));
        }
        const user = [...users.values()].find(
          (u) => u.email === body.email && u.password === body.password,
        );
        if (!user)
          return send(res, 400, {
            error_code: "invalid_credentials",
            msg: "Invalid login credentials",
          });
        return send(res, 200, await session(user));
      }
      if (req.method === "GET" && url.pathname === "/auth/v1/user") {
        const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
        const claims = await jwtVerify(token, key).then(
          (r) => r.payload,
          () => null,
        );
        const user = claims && users.get(claims.sub ?? "");
        if (!user) return send(res, 401, { code: 401, error_code: "bad_jwt", msg: "invalid JWT" });
        return send(res, 200, userJson(user));
      }
      if (req.method === "POST" && url.pathname === "/auth/v1/logout") {
        res.writeHead(204).end();
        return;
      }
      send(res, 404, { msg: `stand-in has no ${req.method} ${url.pathname}` });
    } catch (error) {
      send(res, 500, { msg: String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
