// A database as a Supabase project hands it over: the client roles exist and postgres's
// default privileges in public grant ALL on every new table, function and sequence to anon,
// authenticated and service_role. Then the migrations run, as on a deployed project.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll } from "vitest";
import { type Database, setDatabase } from "@/lib/db/client";
import { migrateUp } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";
import { type DbKind, openTestDatabase } from "./db";

export async function grantSupabaseDefaults(db: Kysely<DB>) {
  // Roles are cluster-wide: another suite's database may have created them already.
  await sql`do $$
    begin
      if not exists (select 1 from pg_roles where rolname = 'anon') then
        create role anon nologin noinherit;
      end if;
      if not exists (select 1 from pg_roles where rolname = 'authenticated') then
        create role authenticated nologin noinherit;
      end if;
      if not exists (select 1 from pg_roles where rolname = 'service_role') then
        create role service_role nologin noinherit bypassrls;
      end if;
    end $$`.execute(db);
  for (const kind of ["tables", "functions", "sequences"]) {
    await sql
      .raw(`alter default privileges in schema public
        grant all on ${kind} to anon, authenticated, service_role`)
      .execute(db);
  }
}

/**
 * An unmigrated database with Supabase's defaults, for the suite's lifetime, with the app's
 * getDb() pointed at it. `migrate` runs before the suite's own beforeAll hooks.
 */
export function useSupabaseDatabase(
  kind: DbKind,
  migrate: (db: Kysely<DB>) => Promise<unknown> = migrateUp,
) {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(kind, { migrated: false });
    await grantSupabaseDefaults(database.db);
    await migrate(database.db);
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database?.close();
  });
  return () => database!.db;
}

/**
 * Every table and partition in public, partitions made so far included, with the column
 * that names a row's workspace (workspace_id; the workspaces table's own id), if any.
 */
export async function publicRelations(db: Kysely<DB>) {
  const { rows } = await sql<{ name: string; partition: boolean; tenant: string | null }>`
    select format('public.%I', c.relname) as name, c.relispartition as partition,
           case when exists (select 1 from pg_attribute a where a.attrelid = c.oid
                              and a.attname = 'workspace_id' and not a.attisdropped)
                then 'workspace_id'
                when c.relname = 'workspaces' then 'id' end as tenant
      from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
     order by c.relispartition, c.relname`.execute(db);
  return rows.map((r) => ({ ...r, owned: r.tenant !== null }));
}
