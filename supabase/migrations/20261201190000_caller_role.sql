-- The caller's routes act as voxline_caller instead of bypassing RLS with the service role.
-- withCaller (lib/db/scoped.ts) switches to it with the call token's claims in
-- request.jwt.claims; the policies below then let it touch one conversation, that
-- conversation's turns and its campaign's settings, and nothing else. It is NOLOGIN and only
-- the connecting role is a member, so PostgREST's authenticator can never switch to it.
do $role$
begin
  if not exists (select 1 from pg_roles where rolname = 'voxline_caller') then
    create role voxline_caller nologin noinherit;
  end if;
  execute format('grant voxline_caller to %I', current_user);
end
$role$;

-- Public's USAGE on schema public is a default some projects drop; the role needs it.
do $usage$
begin
  grant usage on schema public to voxline_caller;
exception when insufficient_privilege then
  raise notice 'could not grant usage on schema public to voxline_caller: %', sqlerrm;
end
$usage$;

-- Reads one claim of the call token. Not security definer: it reads the caller's own
-- setting. Wrapped in (select ...) in the policies so it runs once per statement.
create function public.caller_claim(claim text) returns text
  language sql stable
  set search_path = ''
  as $$
    select nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> claim
  $$;
revoke all on function public.caller_claim(text) from public;
grant execute on function public.caller_claim(text) to voxline_caller;

create policy conversations_caller_select on public.conversations for select to voxline_caller
  using (
    id = (select public.caller_claim('conversation_id')::uuid)
    and started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );
create policy conversations_caller_update on public.conversations for update to voxline_caller
  using (
    id = (select public.caller_claim('conversation_id')::uuid)
    and started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  )
  with check (
    id = (select public.caller_claim('conversation_id')::uuid)
    and started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );

create policy turns_caller_select on public.turns for select to voxline_caller
  using (
    conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );
-- The turn's owner_id needs no check here: the composite foreign key to conversations
-- makes it equal to the conversation's owner.
create policy turns_caller_insert on public.turns for insert to voxline_caller
  with check (
    conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );
create policy turns_caller_update on public.turns for update to voxline_caller
  using (
    conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  )
  with check (
    conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );

-- owner_id is the hash partition key: with it the lookup touches one partition.
create policy campaigns_caller_select on public.campaigns for select to voxline_caller
  using (
    owner_id = (select public.caller_claim('owner_id')::uuid)
    and id = (select public.caller_claim('campaign_id')::uuid)
  );

grant select on public.conversations to voxline_caller;
-- What a call changes on its conversation: turn numbers, costs, and how it ended. Never the
-- owner, campaign, caller details or the post-call summary.
grant update (turn_count, stt_cost_usd, llm_cost_usd, tts_cost_usd, total_cost_usd,
  status, ended_at, duration_seconds, end_reason) on public.conversations to voxline_caller;
grant select, insert, update on public.turns to voxline_caller;
-- The campaign's caller-facing settings only: not its description or bookkeeping.
grant select (id, owner_id, name, status, public_slug, voice_settings, flow_config)
  on public.campaigns to voxline_caller;
