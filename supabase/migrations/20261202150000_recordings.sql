-- Recordings and retention (issue 12), per campaign, off by default:
--   * campaigns.record_calls: store each turn's caller and agent audio;
--   * campaigns.retention_days: conversations (with their turns, lead and recordings) older
--     than this are purged by the scheduled retention job; null keeps them;
--   * conversations.recorded: the campaign's record_calls when the call started (a trigger
--     copies it), so a call the caller was not told is recorded is never recorded, even when
--     the setting is switched on mid-call; web calls only (the caller's page says so, a phone
--     call's spoken consent message does not);
--   * turn_recordings: one WAV per turn and side, its bytes in storage (files under the data
--     directory, or a private Supabase Storage bucket) at `path`.

alter table public.campaigns
  add column record_calls boolean not null default false,
  add column retention_days integer check (retention_days between 1 and 3650);
create index campaigns_retention_idx on public.campaigns (retention_days)
  where retention_days is not null;

alter table public.conversations
  add column recorded boolean not null default false;

create function public.set_conversation_recorded() returns trigger
  language plpgsql
  security definer
  set search_path = ''
  as $$
  begin
    -- Web calls only: a phone caller's spoken consent message does not say so.
    new.recorded := new.channel = 'web' and coalesce((
      select c.record_calls from public.campaigns c
       where c.workspace_id = new.workspace_id and c.id = new.campaign_id
    ), false);
    return new;
  end
  $$;
create trigger conversations_set_recorded before insert on public.conversations
  for each row execute function public.set_conversation_recorded();

-- The retention period deletes history, which only admins may do (lib/workspaces/
-- permissions.ts): a member's change to it is refused here, whatever the client sends.
create function public.campaigns_retention_admin_only() returns trigger
  language plpgsql
  security invoker
  set search_path = ''
  as $$
  begin
    if (select auth.role()) = 'authenticated'
       and new.retention_days is distinct from (case when tg_op = 'UPDATE' then old.retention_days end)
       and not (new.workspace_id = any ((select public.workspace_ids('admin'))::uuid[])) then
      raise exception 'only workspace admins change how long calls are kept'
        using errcode = '42501';
    end if;
    return new;
  end
  $$;
revoke all on function public.campaigns_retention_admin_only() from public, anon, authenticated, voxline_caller;
create trigger campaigns_retention_admin_only before insert or update of retention_days
  on public.campaigns for each row execute function public.campaigns_retention_admin_only();

create table public.turn_recordings (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  conversation_id uuid not null,
  conversation_started_at timestamptz not null,
  seq integer not null check (seq >= 0),
  role text not null check (role in ('caller', 'agent')),
  path text not null check (char_length(path) between 1 and 300),
  bytes integer not null check (bytes >= 0),
  duration_ms integer not null check (duration_ms >= 0),
  created_at timestamptz not null default now(),
  constraint turn_recordings_turn_key unique (conversation_id, conversation_started_at, seq, role),
  constraint turn_recordings_conversation_fkey
    foreign key (workspace_id, conversation_id, conversation_started_at)
    references public.conversations (workspace_id, id, started_at) on delete cascade
);
-- The purge finds a campaign's expired recordings by the conversation's start.
create index turn_recordings_started_idx on public.turn_recordings (conversation_started_at);

alter table public.turn_recordings enable row level security;

-- Everyone in the workspace reads them (as they read the conversation's transcript).
create policy turn_recordings_select on public.turn_recordings for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));

-- A call token stores its own conversation's audio, and only when that call is recorded.
create policy turn_recordings_caller_select on public.turn_recordings for select to voxline_caller
  using (
    conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );
create policy turn_recordings_caller_insert on public.turn_recordings for insert to voxline_caller
  with check (
    workspace_id = (select public.caller_claim('workspace_id')::uuid)
    and conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
    and exists (
      select 1 from public.conversations v
       where v.id = conversation_id and v.started_at = conversation_started_at and v.recorded
    )
  );
create policy turn_recordings_caller_update on public.turn_recordings for update to voxline_caller
  using (
    conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  )
  with check (
    workspace_id = (select public.caller_claim('workspace_id')::uuid)
    and conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );

revoke all on public.turn_recordings from public, anon, authenticated, voxline_caller;
grant select on public.turn_recordings to authenticated;
grant select, insert on public.turn_recordings to voxline_caller;
grant update (path, bytes, duration_ms) on public.turn_recordings to voxline_caller;
grant select, insert, update, delete on public.turn_recordings to service_role;

-- Members change the settings (the campaign's update policy); the caller's page never reads
-- them (its notice comes from the server).
grant update (record_calls, retention_days) on public.campaigns to authenticated;

revoke all on function public.set_conversation_recorded() from public, anon, authenticated, voxline_caller;
