// A local stand-in for Supabase Auth (GoTrue) speaking the endpoints @supabase/ssr uses:
// sign-up, password sign-in, refresh, the current user, and logout (scope local, global or
// others). Tokens are HS256 JWTs with Supabase's claims, session_id included; like GoTrue,
// it writes each new user into auth.users and each session into auth.sessions (and deletes
// them on logout) through hooks, so foreign keys and the app's session check see them.
// Magic links (POST /otp, GET /verify) land in `outbox` instead of a mailbox; /verify
// answers as GoTrue's implicit flow does: a redirect with the session in the #fragment.
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

export interface SessionHooks {
  created(session: { id: string; userId: string }): Promise<void>;
  ended(sessionIds: string[]): Promise<void>;
}

export async function startSupabaseAuth(
  onUserCreated: (user: { id: string; email: string }) => Promise<void>,
  sessionHooks?: SessionHooks,
) {
  const users = new Map<string, User>();
  const sessions = new Map<string, string>(); // session id → user id
  const refreshTokens = new Map<string, { userId: string; sessionId: string }>();
  const outbox: { email: string; redirectTo: string | null; link: string }[] = [];
  const otps = new Map<string, { userId: string; redirectTo: string | null }>();

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

  async function session(u: User, existing?: string) {
    const expiresIn = 3600;
    const sessionId = existing ?? randomUUID();
    if (!existing) {
      sessions.set(sessionId, u.id);
      await sessionHooks?.created({ id: sessionId, userId: u.id });
    }
    const accessToken = await new SignJWT({
      email: u.email,
      role: "authenticated",
      session_id: sessionId,
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(u.id)
      .setAudience("authenticated")
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(key);
    const refreshToken = randomUUID();
    refreshTokens.set(refreshToken, { userId: u.id, sessionId });
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
      if (req.method === "POST" && url.pathname === "/auth/v1/otp") {
        const { email, create_user: createUser, code_challenge: challenge } = await readBody(req);
        let user = [...users.values()].find((u) => u.email === email);
        if (!user && !createUser) {
          return send(res, 422, {
            code: 422,
            error_code: "otp_disabled",
            msg: "Signups not allowed for otp",
          });
        }
        if (!user) {
          user = { id: randomUUID(), email, password: randomUUID() };
          users.set(user.id, user);
          await onUserCreated(user);
        }
        if (challenge) return send(res, 400, { msg: "stand-in: PKCE magic links not supported" });
        const otp = randomUUID();
        const redirectTo = url.searchParams.get("redirect_to");
        otps.set(otp, { userId: user.id, redirectTo });
        const link = new URL(`${base()}/auth/v1/verify`);
        link.searchParams.set("token", otp);
        link.searchParams.set("type", "magiclink");
        if (redirectTo) link.searchParams.set("redirect_to", redirectTo);
        outbox.push({ email, redirectTo, link: link.toString() });
        return send(res, 200, {});
      }
      if (req.method === "GET" && url.pathname === "/auth/v1/verify") {
        const grant = otps.get(url.searchParams.get("token") ?? "");
        const user = grant && users.get(grant.userId);
        if (!grant || !user)
          return send(res, 403, {
            error_code: "otp_expired",
            msg: "Token has expired or is invalid",
          });
        otps.delete(url.searchParams.get("token")!);
        const s = await session(user);
        const fragment = new URLSearchParams({
          access_token: s.access_token,
          refresh_token: s.refresh_token,
          expires_in: String(s.expires_in),
          expires_at: String(s.expires_at),
          token_type: "bearer",
          type: "magiclink",
        });
        res.writeHead(303, { location: `${grant.redirectTo ?? base()}#${fragment}` }).end();
        return;
      }
      if (req.method === "POST" && url.pathname === "/auth/v1/token") {
        const body = await readBody(req);
        if (url.searchParams.get("grant_type") === "refresh_token") {
          const grant = refreshTokens.get(body.refresh_token);
          const user = grant && sessions.has(grant.sessionId) && users.get(grant.userId);
          if (!user)
            return send(res, 400, {
              error_code: "refresh_token_not_found",
              msg: "Invalid Refresh Token",
            });
          return send(res, 200, await session(user, grant.sessionId));
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
        if (!claims)
          return send(res, 401, { code: 401, error_code: "bad_jwt", msg: "invalid JWT" });
        const user = users.get(claims.sub ?? "");
        if (!user) {
          return send(res, 403, { code: 403, error_code: "user_not_found", msg: "User not found" });
        }
        if (!sessions.has(String(claims.session_id))) {
          return send(res, 403, {
            code: 403,
            error_code: "session_not_found",
            msg: "Session from session_id claim in JWT does not exist",
          });
        }
        return send(res, 200, userJson(user));
      }
      if (req.method === "POST" && url.pathname === "/auth/v1/logout") {
        const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
        const claims = await jwtVerify(token, key).then(
          (r) => r.payload,
          () => null,
        );
        if (!claims)
          return send(res, 401, { code: 401, error_code: "bad_jwt", msg: "invalid JWT" });
        const scope = url.searchParams.get("scope") ?? "global";
        const mine = [...sessions].filter(([, userId]) => userId === claims.sub).map(([id]) => id);
        const ending =
          scope === "local"
            ? mine.filter((id) => id === claims.session_id)
            : scope === "others"
              ? mine.filter((id) => id !== claims.session_id)
              : mine;
        for (const id of ending) sessions.delete(id);
        for (const [t, grant] of refreshTokens) {
          if (ending.includes(grant.sessionId)) refreshTokens.delete(t);
        }
        if (ending.length) await sessionHooks?.ended(ending);
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
  const base = () => `http://127.0.0.1:${port}`;
  return {
    url: base(),
    /** Magic links "sent" by POST /otp, oldest first. */
    outbox,
    /** Deletes a user as the admin API does (the database deletes its rows itself). */
    deleteUser: (id: string) => {
      users.delete(id);
      for (const [sid, userId] of sessions) if (userId === id) sessions.delete(sid);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
