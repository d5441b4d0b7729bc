-- Live calls: a person can take a call over from the agent by text, and their words are
-- turns of their own.
--
-- 1. Turn roles: caller | agent | human_agent | system. The old 'human' (never written by
--    the app) becomes 'human_agent'. The update finds no rows in practice but reads turns
--    once; the new check is validated in the same scan Postgres does for any new check.
-- 2. conversation_takeovers: who holds a call and since when. One active hold per
--    conversation (a unique partial index on the rows not yet released), so a second
--    takeover fails in Postgres whatever the app does. Members (member role and above) of the
--    conversation's workspace take and release holds; viewers read them; the caller's role
--    reads its own conversation's holds (the agent stays silent while one is active).
set local lock_timeout = '10s';

alter table public.turns drop constraint turns_role_check;
update public.turns set role = 'human_agent' where role = 'human';
alter table public.turns add constraint turns_role_check
  check (role in ('caller', 'agent', 'human_agent', 'system'));

create table public.conversation_takeovers (
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  conversation_id uuid not null,
  conversation_started_at timestamptz not null,
  held_by uuid not null default auth.uid() references auth.users (id) on delete cascade,
  held_at timestamptz not null default now(),
  released_at timestamptz,
  released_by uuid references auth.users (id) on delete set null,
  constraint conversation_takeovers_pkey primary key (id),
  constraint conversation_takeovers_conversation_fkey
    foreign key (workspace_id, conversation_id, conversation_started_at)
    references public.conversations (workspace_id, id, started_at) on delete cascade,
  constraint conversation_takeovers_released_check check (released_at is null or released_at >= held_at)
);
-- At most one active hold per conversation; also the lookup of the active hold.
create unique index conversation_takeovers_active_key
  on public.conversation_takeovers (conversation_id, conversation_started_at)
  where released_at is null;
create index conversation_takeovers_workspace_idx
  on public.conversation_takeovers (workspace_id, held_at desc);

alter table public.conversation_takeovers enable row level security;

create policy conversation_takeovers_select on public.conversation_takeovers
  for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
-- Only for oneself: nobody takes a call over in a teammate's name.
create policy conversation_takeovers_insert on public.conversation_takeovers
  for insert to authenticated
  with check (
    workspace_id = any ((select public.workspace_ids('member'))::uuid[])
    and held_by = (select auth.uid())
    and released_at is null
  );
-- Any member may hand a call back (a teammate's forgotten hold included).
-- An update only releases a hold, in the releaser's own name: a hold is never re-opened.
create policy conversation_takeovers_update on public.conversation_takeovers
  for update to authenticated
  using (
    workspace_id = any ((select public.workspace_ids('member'))::uuid[])
    and released_at is null
  )
  with check (
    workspace_id = any ((select public.workspace_ids('member'))::uuid[])
    and released_at is not null
    and released_by = (select auth.uid())
  );
create policy conversation_takeovers_caller_select on public.conversation_takeovers
  for select to voxline_caller
  using (
    conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );

revoke all on public.conversation_takeovers from public, anon, authenticated, voxline_caller;
grant select, insert on public.conversation_takeovers to authenticated;
grant update (released_at, released_by) on public.conversation_takeovers to authenticated;
grant select on public.conversation_takeovers to voxline_caller;
grant select, insert, update, delete on public.conversation_takeovers to service_role;
