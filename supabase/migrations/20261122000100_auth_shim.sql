-- Supabase's auth model for local Postgres and PGlite: the anon / authenticated /
-- service_role roles, an auth.users table, and auth.uid() / auth.role() / auth.jwt()
-- reading request.jwt.claims exactly as Supabase does.
-- On Supabase itself (recognised by its supabase_auth_admin role) nothing here runs:
-- the real auth schema is never touched.
do $shim$
begin
  if exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    raise notice 'Supabase detected: leaving its auth schema alone';
    return;
  end if;

  -- Roles are cluster-wide, so they are created once and shared by every database.
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- The connecting role must be able to `set local role` to each of them.
  execute format('grant anon, authenticated, service_role to %I', current_user);

  create schema auth;
  comment on schema auth is 'voxline local auth shim';
  grant usage on schema auth to anon, authenticated, service_role;

  create table auth.users (
    id uuid primary key default gen_random_uuid(),
    email text not null unique check (email = lower(email)),
    encrypted_password text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );

  create function auth.jwt() returns jsonb
    language sql stable
    as $f$
      select coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb)
    $f$;

  create function auth.uid() returns uuid
    language sql stable
    as $f$
      select nullif(coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        auth.jwt() ->> 'sub'
      ), '')::uuid
    $f$;

  create function auth.role() returns text
    language sql stable
    as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        auth.jwt() ->> 'role'
      )
    $f$;

  grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;
  grant select, insert, update, delete on auth.users to service_role;
end
$shim$;
