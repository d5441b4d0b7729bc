// Whose workspace `npm run db:seed` fills: the user with the given email (created first when a
// password is given, as local sign-up would), else the first user who signed up; their
// personal workspace, the one the dashboard shows by default.
import { hash } from "@node-rs/argon2";
import { type Kysely, sql } from "kysely";
import type { DB } from "@/lib/db/schema.gen";

export interface SeedTarget {
  userId: string;
  email: string;
  workspaceId: string;
}

export async function findSeedTarget(
  db: Kysely<DB>,
  o: { email?: string; password?: string },
): Promise<SeedTarget> {
  const email = o.email?.trim().toLowerCase();
  if (email && o.password) {
    await sql`insert into auth.users (email, encrypted_password)
      values (${email}, ${await hash(o.password)}) on conflict (email) do nothing`.execute(db);
  }
  const { rows } = email
    ? await sql<{ id: string; email: string }>`
        select id, email from auth.users where email = ${email}`.execute(db)
    : await sql<{ id: string; email: string }>`
        select id, email from auth.users order by created_at, id limit 1`.execute(db);
  const user = rows[0];
  if (!user) {
    throw new Error(
      email
        ? `No user with the email ${email}: sign up first, or pass --password to create one`
        : "No users yet: sign up in the app first, or pass --email and --password",
    );
  }
  const ws = await db
    .selectFrom("workspaces")
    .select("id")
    .where("created_by", "=", user.id)
    .where("personal", "=", true)
    .executeTakeFirst();
  if (!ws) throw new Error(`${user.email} has no personal workspace`);
  return { userId: user.id, email: user.email, workspaceId: ws.id };
}
