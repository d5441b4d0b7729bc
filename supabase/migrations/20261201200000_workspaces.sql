-- Workspaces: a team owns the rows, and a user's role in it decides what they may do.
--
-- The tenant key becomes workspace_id on every tenant table (campaigns, campaign_slugs,
-- conversations, turns, leads, greeting_audio, jobs). Each user gets a PERSONAL workspace
-- whose id is the user's own id. That choice is what makes this migration cheap:
--
--   * every existing row already holds its owner's id in owner_id, which is now also the id
--     of that owner's personal workspace, so the column is RENAMED to workspace_id instead
--     of being rewritten. A rename is a catalog change: no row is read or written, no index
--     is rebuilt, and the hash partitions of campaigns keep their rows (the hashed values do
--     not change). On a 10M-row turns table it takes milliseconds;
--   * the one lock it needs is ACCESS EXCLUSIVE on each tenant table for those milliseconds.
--     lock_timeout bounds the wait for it: behind a long-running query the migration fails
--     after 10 s (and the deploy is retried) instead of queueing every other request behind it;
--   * the writes are small: one workspaces row and one owner membership per existing user,
--     campaigns.created_by backfilled from the old owner (campaigns is a small table), and
--     the foreign key campaigns → auth.users replaced by campaigns → workspaces, whose
--     validation scans campaigns only. The big tables' composite foreign keys
--     (workspace_id, …) are untouched: they already hold.
--   * call tokens issued before the deploy carry the owner's id as their tenant (`own`),
--     which is the same value as the new workspace id: calls in progress continue.
--
-- New users get their personal workspace from a trigger on auth.users, so local auth, the
-- Supabase stand-in and Supabase Auth itself (GoTrue inserts into auth.users) all get one.
-- Deleting a user deletes their personal workspace with its rows, as deleting a user
-- deleted their campaigns before.
--
-- Roles, lowest to highest: viewer (reads), member (campaigns, conversations and leads:
-- create, edit, work), admin (also deletes them, renames the workspace, manages non-owner
-- members), owner (everything, including owners and deleting the workspace). The last
-- owner of a workspace cannot leave or be demoted (trigger below). RLS decides all of it:
-- policies compare workspace_id with public.workspace_ids(min_role), a stable
-- security-definer function evaluated once per statement (wrapped in `(select …)`).
set local lock_timeout = '10s';

-- 1. The workspaces and their members.
create table public.workspaces (
  id uuid not null default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 80),
  personal boolean not null default false,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workspaces_pkey primary key (id)
);
create trigger workspaces_set_updated_at before update on public.workspaces
  for each row execute function public.set_updated_at();
-- One personal workspace per user, and it is the one with the user's id.
create unique index workspaces_personal_key on public.workspaces (created_by) where personal;
alter table public.workspaces add constraint workspaces_personal_id_check
  check (not personal or id = created_by or created_by is null);

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz not null default now(),
  constraint workspace_members_pkey primary key (workspace_id, user_id)
);
-- workspace_ids() looks memberships up by user.
create index workspace_members_user_idx on public.workspace_members (user_id, workspace_id, role);

-- The current user's workspaces where their role is at least min_role. Security definer so
-- that policies on workspace_members itself can call it without recursing into RLS.
create function public.workspace_ids(min_role text default 'viewer') returns uuid[]
  language sql stable security definer
  set search_path = ''
  as $$
    select coalesce(pg_catalog.array_agg(m.workspace_id), '{}'::uuid[])
      from public.workspace_members m
     where m.user_id = (select auth.uid())
       and pg_catalog.array_position(array['viewer', 'member', 'admin', 'owner'], m.role)
         >= pg_catalog.array_position(array['viewer', 'member', 'admin', 'owner'], min_role)
  $$;

-- The last owner cannot leave or be demoted; membership rows never move to another
-- workspace or user. Removing a membership because its workspace or its user is being
-- deleted is allowed (the cascade from workspaces / auth.users).
create function public.guard_workspace_owners() returns trigger
  language plpgsql security definer
  set search_path = ''
  as $$
  begin
    if tg_op = 'UPDATE' and (new.workspace_id <> old.workspace_id or new.user_id <> old.user_id) then
      raise exception 'a membership cannot move to another workspace or user'
        using errcode = '42501';
    end if;
    if old.role <> 'owner' or (tg_op = 'UPDATE' and new.role = 'owner') then
      return case when tg_op = 'DELETE' then old else new end;
    end if;
    -- Serialises owner changes per workspace, so two owners cannot demote each other at once.
    perform 1 from public.workspaces w where w.id = old.workspace_id for update;
    if found
      and exists (select 1 from auth.users u where u.id = old.user_id)
      and not exists (
        select 1 from public.workspace_members m
         where m.workspace_id = old.workspace_id and m.role = 'owner' and m.user_id <> old.user_id
      )
    then
      raise exception 'a workspace needs an owner: make another member owner first'
        using errcode = '23514', constraint = 'workspace_members_last_owner';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
  end
  $$;
create trigger workspace_members_guard_owners before update or delete on public.workspace_members
  for each row execute function public.guard_workspace_owners();

-- Whoever creates a shared workspace becomes its owner.
create function public.add_workspace_creator() returns trigger
  language plpgsql security definer
  set search_path = ''
  as $$
  begin
    if new.created_by is not null then
      insert into public.workspace_members (workspace_id, user_id, role)
      values (new.id, new.created_by, 'owner')
      on conflict (workspace_id, user_id) do nothing;
    end if;
    return new;
  end
  $$;
create trigger workspaces_add_creator after insert on public.workspaces
  for each row execute function public.add_workspace_creator();

-- Sign-up: the new user's personal workspace (id = the user's id), owned by them.
create function public.create_personal_workspace() returns trigger
  language plpgsql security definer
  set search_path = ''
  as $$
  begin
    insert into public.workspaces (id, name, personal, created_by)
    values (new.id, 'Personal', true, new.id)
    on conflict (id) do nothing;
    return new;
  end
  $$;
create trigger on_auth_user_created_workspace after insert on auth.users
  for each row execute function public.create_personal_workspace();

-- Deleting a user deletes their personal workspace and everything in it.
create function public.delete_personal_workspace() returns trigger
  language plpgsql security definer
  set search_path = ''
  as $$
  begin
    delete from public.workspaces where id = old.id and personal;
    return old;
  end
  $$;
create trigger on_auth_user_deleted_workspace after delete on auth.users
  for each row execute function public.delete_personal_workspace();

-- 2. A personal workspace for every existing user (the triggers' work, done once).
-- Disabled while it runs: each user is inserted with their membership right here.
alter table public.workspaces disable trigger workspaces_add_creator;
insert into public.workspaces (id, name, personal, created_by, created_at)
select u.id, 'Personal', true, u.id, u.created_at from auth.users u
on conflict (id) do nothing;
insert into public.workspace_members (workspace_id, user_id, role, created_at)
select w.id, w.created_by, 'owner', w.created_at from public.workspaces w where w.personal
on conflict (workspace_id, user_id) do nothing;
alter table public.workspaces enable trigger workspaces_add_creator;

-- 3. The tenant key: owner_id → workspace_id, by renaming (see the header).
drop policy campaigns_select on public.campaigns;
drop policy campaigns_insert on public.campaigns;
drop policy campaigns_update on public.campaigns;
drop policy campaigns_delete on public.campaigns;
drop policy campaigns_caller_select on public.campaigns;
drop policy campaign_slugs_select on public.campaign_slugs;
drop policy campaign_slugs_insert on public.campaign_slugs;
drop policy campaign_slugs_delete on public.campaign_slugs;
drop policy conversations_select on public.conversations;
drop policy conversations_insert on public.conversations;
drop policy conversations_update on public.conversations;
drop policy conversations_delete on public.conversations;
drop policy turns_select on public.turns;
drop policy turns_insert on public.turns;
drop policy turns_update on public.turns;
drop policy turns_delete on public.turns;
drop policy leads_select on public.leads;
drop policy leads_insert on public.leads;
drop policy leads_update on public.leads;
drop policy leads_delete on public.leads;
drop policy jobs_caller_insert on public.jobs;

alter table public.campaigns rename column owner_id to workspace_id;
alter table public.campaign_slugs rename column owner_id to workspace_id;
alter table public.conversations rename column owner_id to workspace_id;
alter table public.turns rename column owner_id to workspace_id;
alter table public.leads rename column owner_id to workspace_id;
alter table public.greeting_audio rename column owner_id to workspace_id;
alter table public.jobs rename column owner_id to workspace_id;

alter index public.campaigns_owner_created_idx rename to campaigns_workspace_created_idx;
alter table public.conversations rename constraint conversations_owner_key to conversations_workspace_key;
alter index public.turns_owner_idx rename to turns_workspace_idx;
alter index public.leads_owner_created_idx rename to leads_workspace_created_idx;
alter index public.greeting_audio_owner_idx rename to greeting_audio_workspace_idx;
alter index public.jobs_owner_idx rename to jobs_workspace_idx;

-- campaigns belong to a workspace now, not to a user; created_by says who made one.
alter table public.campaigns drop constraint campaigns_owner_id_fkey;
alter table public.campaigns add constraint campaigns_workspace_fkey
  foreign key (workspace_id) references public.workspaces (id) on delete cascade;
alter table public.campaigns add column created_by uuid references auth.users (id) on delete set null;
-- Backfilled without touching updated_at (the trigger would stamp every campaign as edited).
alter table public.campaigns disable trigger campaigns_set_updated_at;
update public.campaigns set created_by = workspace_id;
alter table public.campaigns enable trigger campaigns_set_updated_at;
alter table public.campaigns alter column created_by set default auth.uid();

-- 4. Policies: membership and role, checked in the database.
alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;

create policy workspaces_select on public.workspaces for select to authenticated
  using (id = any ((select public.workspace_ids('viewer'))::uuid[]));
-- Shared workspaces only (personal ones come from sign-up); the creator becomes the owner.
create policy workspaces_insert on public.workspaces for insert to authenticated
  with check (not personal and created_by = (select auth.uid()));
create policy workspaces_update on public.workspaces for update to authenticated
  using (id = any ((select public.workspace_ids('admin'))::uuid[]))
  with check (id = any ((select public.workspace_ids('admin'))::uuid[]));
-- A personal workspace lasts as long as its user.
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (id = any ((select public.workspace_ids('owner'))::uuid[]) and not personal);

-- Members see their co-members. Admins add, change and remove members who are not owners
-- (and cannot make anyone owner); owners manage everyone; anyone may leave.
create policy workspace_members_select on public.workspace_members for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
create policy workspace_members_insert on public.workspace_members for insert to authenticated
  with check (
    workspace_id = any ((select public.workspace_ids('owner'))::uuid[])
    or (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]) and role <> 'owner')
  );
create policy workspace_members_update on public.workspace_members for update to authenticated
  using (
    workspace_id = any ((select public.workspace_ids('owner'))::uuid[])
    or (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]) and role <> 'owner')
  )
  with check (
    workspace_id = any ((select public.workspace_ids('owner'))::uuid[])
    or (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]) and role <> 'owner')
  );
create policy workspace_members_delete on public.workspace_members for delete to authenticated
  using (
    workspace_id = any ((select public.workspace_ids('owner'))::uuid[])
    or (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]) and role <> 'owner')
    or user_id = (select auth.uid())
  );

create policy campaigns_select on public.campaigns for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
create policy campaigns_insert on public.campaigns for insert to authenticated
  with check (
    workspace_id = any ((select public.workspace_ids('member'))::uuid[])
    and created_by = (select auth.uid())
  );
create policy campaigns_update on public.campaigns for update to authenticated
  using (workspace_id = any ((select public.workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy campaigns_delete on public.campaigns for delete to authenticated
  using (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]));
-- workspace_id is the hash partition key: with it the lookup touches one partition.
create policy campaigns_caller_select on public.campaigns for select to voxline_caller
  using (
    workspace_id = (select public.caller_claim('workspace_id')::uuid)
    and id = (select public.caller_claim('campaign_id')::uuid)
  );

create policy campaign_slugs_select on public.campaign_slugs for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
create policy campaign_slugs_insert on public.campaign_slugs for insert to authenticated
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy campaign_slugs_delete on public.campaign_slugs for delete to authenticated
  using (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]));

create policy conversations_select on public.conversations for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
create policy conversations_insert on public.conversations for insert to authenticated
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy conversations_update on public.conversations for update to authenticated
  using (workspace_id = any ((select public.workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy conversations_delete on public.conversations for delete to authenticated
  using (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]));

create policy turns_select on public.turns for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
create policy turns_insert on public.turns for insert to authenticated
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy turns_update on public.turns for update to authenticated
  using (workspace_id = any ((select public.workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy turns_delete on public.turns for delete to authenticated
  using (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]));

create policy leads_select on public.leads for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
create policy leads_insert on public.leads for insert to authenticated
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy leads_update on public.leads for update to authenticated
  using (workspace_id = any ((select public.workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy leads_delete on public.leads for delete to authenticated
  using (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]));

create policy jobs_caller_insert on public.jobs for insert to voxline_caller
  with check (
    kind = 'analyze_call'
    and conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
    and workspace_id = (select public.caller_claim('workspace_id')::uuid)
  );

-- 5. Grants: only what the policies need (as 20261201191000_close_client_grants leaves
-- every table). A row's tenant and author never change through the client roles: UPDATE is
-- granted on the columns the app edits only.
revoke all on public.workspaces, public.workspace_members from public, anon, authenticated, voxline_caller;
grant select, insert, delete on public.workspaces to authenticated;
grant update (name) on public.workspaces to authenticated;
grant select, insert, delete on public.workspace_members to authenticated;
grant update (role) on public.workspace_members to authenticated;
grant select, insert, update, delete on public.workspaces, public.workspace_members to service_role;

revoke update on public.campaigns from authenticated;
grant update (name, description, status, voice_settings, flow_config) on public.campaigns to authenticated;

revoke all on function public.workspace_ids(text) from public, anon, authenticated, voxline_caller;
grant execute on function public.workspace_ids(text) to authenticated, service_role;
revoke all on function public.guard_workspace_owners() from public, anon, authenticated, voxline_caller;
revoke all on function public.add_workspace_creator() from public, anon, authenticated, voxline_caller;
revoke all on function public.create_personal_workspace() from public, anon, authenticated, voxline_caller;
revoke all on function public.delete_personal_workspace() from public, anon, authenticated, voxline_caller;
