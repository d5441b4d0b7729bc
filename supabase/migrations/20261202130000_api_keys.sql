-- API keys for the public REST API (/api/v1). A key belongs to a workspace and to the member
-- who created it; requests with it run as that member (withUser) in that workspace, so RLS
-- decides what the key can read, exactly as it does for the member in the dashboard.
--
-- The secret (`vx_` + 32 random bytes, base64url) is shown once and never stored: only its
-- SHA-256 (hex). The secret has 256 bits of entropy, so a plain hash is enough: nothing can
-- be guessed from a leaked hash, and no server-side pepper has to be kept and rotated. The
-- first characters of the secret are stored as `prefix`, to tell keys apart in the list.
--
-- Admins and owners create and revoke keys; every member may list them (without the hash:
-- the client roles are granted every column but `hash`, so not even a hand-written query
-- reads it). Revoking is final: a revoked key's revoked_at cannot be cleared.
create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  -- Deleting the user deletes their keys: a key never outlives the person it acts as.
  created_by uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 80),
  prefix text not null check (prefix ~ '^vx_[A-Za-z0-9_-]{8}$'),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$'),
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_keys_workspace_idx on public.api_keys (workspace_id, created_at desc);

alter table public.api_keys enable row level security;
create policy api_keys_select on public.api_keys for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
create policy api_keys_insert on public.api_keys for insert to authenticated
  with check (
    workspace_id = any ((select public.workspace_ids('admin'))::uuid[])
    and created_by = (select auth.uid())
    and revoked_at is null and last_used_at is null
  );
create policy api_keys_update on public.api_keys for update to authenticated
  using (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]))
  with check (
    workspace_id = any ((select public.workspace_ids('admin'))::uuid[])
    and revoked_at is not null
  );

revoke all on public.api_keys from public, anon, authenticated, voxline_caller;
grant select (id, workspace_id, created_by, name, prefix, last_used_at, revoked_at, created_at)
  on public.api_keys to authenticated;
grant insert (workspace_id, created_by, name, prefix, hash) on public.api_keys to authenticated;
grant update (revoked_at) on public.api_keys to authenticated;
grant select, insert, update, delete on public.api_keys to service_role;

-- The role the API's key check runs as: it may call resolve_api_key and nothing else (no
-- table, no other function). NOLOGIN, and only the connecting role is a member, so neither
-- PostgREST's authenticator nor anyone holding the anon key can reach it: the function is
-- not an RPC that the internet can call to probe hashes or stamp last_used_at. The service
-- role would also do, but it bypasses RLS on everything; this role cannot.
do $role$
begin
  if not exists (select 1 from pg_roles where rolname = 'voxline_api_key') then
    create role voxline_api_key nologin noinherit;
  end if;
  execute format('grant voxline_api_key to %I', current_user);
end
$role$;
do $usage$
begin
  grant usage on schema public to voxline_api_key;
exception when insufficient_privilege then
  raise notice 'could not grant usage on schema public to voxline_api_key: %', sqlerrm;
end
$usage$;

-- The key whose hash is `key_hash`, when it is not revoked and its creator is still a member
-- of its workspace: (key id, workspace, creator). Nothing otherwise. Stamps last_used_at,
-- at most once a minute per key, so a busy key does not write its row on every request.
create function public.resolve_api_key(key_hash text)
returns table (key_id uuid, workspace_id uuid, user_id uuid)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  k record;
begin
  select a.id, a.workspace_id, a.created_by, a.last_used_at into k
    from public.api_keys a
   where a.hash = key_hash and a.revoked_at is null
     and exists (select 1 from public.workspace_members m
                  where m.workspace_id = a.workspace_id and m.user_id = a.created_by);
  if not found then
    return;
  end if;
  if k.last_used_at is null or k.last_used_at < pg_catalog.now() - interval '1 minute' then
    update public.api_keys set last_used_at = pg_catalog.now() where id = k.id;
  end if;
  key_id := k.id;
  workspace_id := k.workspace_id;
  user_id := k.created_by;
  return next;
end
$$;
revoke all on function public.resolve_api_key(text) from public, anon, authenticated, voxline_caller;
grant execute on function public.resolve_api_key(text) to voxline_api_key, service_role;
