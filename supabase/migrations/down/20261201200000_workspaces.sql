-- Back to one owner per row. Personal workspaces' ids are their users' ids, so their rows
-- only need workspace_id renamed back to owner_id (a catalog change, as going up).
-- Rows in SHARED workspaces go to that workspace's first owner (the earliest owner
-- membership); if it has no owner left, to its earliest member of the highest role; if it
-- has no member at all, they are deleted (nobody could own them under the old schema).
-- Moving them rewrites those rows, with the composite foreign keys dropped and re-added
-- around the move; re-adding them scans the tables (on a 10M-row turns table: a few
-- minutes holding a SHARE ROW EXCLUSIVE lock, which blocks writes but not reads). That only
-- happens when some shared workspace holds campaigns.
set local lock_timeout = '10s';

-- 1. Shared workspaces' rows to their heirs.
do $heirs$
begin
  if not exists (
    select 1 from public.campaigns c join public.workspaces w on w.id = c.workspace_id
     where not w.personal
  ) then
    return;
  end if;

  create temporary table workspace_heirs on commit drop as
  select distinct on (w.id) w.id as workspace_id, m.user_id
    from public.workspaces w
    left join public.workspace_members m on m.workspace_id = w.id
   where not w.personal
   order by w.id,
     array_position(array['owner', 'admin', 'member', 'viewer'], m.role) nulls last,
     m.created_at, m.user_id;

  -- No member left to own them: deleted, with everything the foreign keys cascade to.
  delete from public.campaigns c using workspace_heirs h
   where c.workspace_id = h.workspace_id and h.user_id is null;

  alter table public.campaign_slugs drop constraint campaign_slugs_campaign_fkey;
  alter table public.conversations drop constraint conversations_campaign_fkey;
  alter table public.turns drop constraint turns_conversation_fkey;
  alter table public.leads drop constraint leads_conversation_fkey;
  alter table public.leads drop constraint leads_campaign_fkey;
  alter table public.greeting_audio drop constraint greeting_audio_campaign_fkey;
  alter table public.jobs drop constraint jobs_conversation_fkey;

  update public.campaigns t set workspace_id = h.user_id from workspace_heirs h
   where t.workspace_id = h.workspace_id;
  update public.campaign_slugs t set workspace_id = h.user_id from workspace_heirs h
   where t.workspace_id = h.workspace_id;
  update public.conversations t set workspace_id = h.user_id from workspace_heirs h
   where t.workspace_id = h.workspace_id;
  update public.turns t set workspace_id = h.user_id from workspace_heirs h
   where t.workspace_id = h.workspace_id;
  update public.leads t set workspace_id = h.user_id from workspace_heirs h
   where t.workspace_id = h.workspace_id;
  update public.greeting_audio t set workspace_id = h.user_id from workspace_heirs h
   where t.workspace_id = h.workspace_id;
  update public.jobs t set workspace_id = h.user_id from workspace_heirs h
   where t.workspace_id = h.workspace_id;

  alter table public.campaign_slugs add constraint campaign_slugs_campaign_fkey
    foreign key (workspace_id, campaign_id, slug)
    references public.campaigns (workspace_id, id, public_slug) on delete cascade on update cascade;
  alter table public.conversations add constraint conversations_campaign_fkey
    foreign key (workspace_id, campaign_id)
    references public.campaigns (workspace_id, id) on delete cascade;
  alter table public.turns add constraint turns_conversation_fkey
    foreign key (workspace_id, conversation_id, conversation_started_at)
    references public.conversations (workspace_id, id, started_at) on delete cascade;
  alter table public.leads add constraint leads_conversation_fkey
    foreign key (workspace_id, conversation_id, conversation_started_at)
    references public.conversations (workspace_id, id, started_at) on delete cascade;
  alter table public.leads add constraint leads_campaign_fkey
    foreign key (workspace_id, campaign_id)
    references public.campaigns (workspace_id, id) on delete cascade;
  alter table public.greeting_audio add constraint greeting_audio_campaign_fkey
    foreign key (workspace_id, campaign_id)
    references public.campaigns (workspace_id, id) on delete cascade;
  alter table public.jobs add constraint jobs_conversation_fkey
    foreign key (workspace_id, conversation_id, conversation_started_at)
    references public.conversations (workspace_id, id, started_at) on delete cascade;
end
$heirs$;

-- 2. The workspace policies go; the owner policies come back below.
drop policy workspaces_select on public.workspaces;
drop policy workspaces_insert on public.workspaces;
drop policy workspaces_update on public.workspaces;
drop policy workspaces_delete on public.workspaces;
drop policy workspace_members_select on public.workspace_members;
drop policy workspace_members_insert on public.workspace_members;
drop policy workspace_members_update on public.workspace_members;
drop policy workspace_members_delete on public.workspace_members;
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

-- 3. workspace_id → owner_id.
alter table public.campaigns rename column workspace_id to owner_id;
alter table public.campaign_slugs rename column workspace_id to owner_id;
alter table public.conversations rename column workspace_id to owner_id;
alter table public.turns rename column workspace_id to owner_id;
alter table public.leads rename column workspace_id to owner_id;
alter table public.greeting_audio rename column workspace_id to owner_id;
alter table public.jobs rename column workspace_id to owner_id;

alter index public.campaigns_workspace_created_idx rename to campaigns_owner_created_idx;
alter table public.conversations rename constraint conversations_workspace_key to conversations_owner_key;
alter index public.turns_workspace_idx rename to turns_owner_idx;
alter index public.leads_workspace_created_idx rename to leads_owner_created_idx;
alter index public.greeting_audio_workspace_idx rename to greeting_audio_owner_idx;
alter index public.jobs_workspace_idx rename to jobs_owner_idx;

alter table public.campaigns drop constraint campaigns_workspace_fkey;
alter table public.campaigns add constraint campaigns_owner_id_fkey
  foreign key (owner_id) references auth.users (id) on delete cascade;
alter table public.campaigns drop column created_by;

revoke update on public.campaigns from authenticated;
grant update on public.campaigns to authenticated;

-- 4. The owner policies, as 20261122000200, 20261122000300, 20261201190000 and
-- 20261201192000 wrote them.
create policy campaigns_select on public.campaigns for select to authenticated
  using (owner_id = (select auth.uid()));
create policy campaigns_insert on public.campaigns for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy campaigns_update on public.campaigns for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy campaigns_delete on public.campaigns for delete to authenticated
  using (owner_id = (select auth.uid()));
create policy campaigns_caller_select on public.campaigns for select to voxline_caller
  using (
    owner_id = (select public.caller_claim('owner_id')::uuid)
    and id = (select public.caller_claim('campaign_id')::uuid)
  );

create policy campaign_slugs_select on public.campaign_slugs for select to authenticated
  using (owner_id = (select auth.uid()));
create policy campaign_slugs_insert on public.campaign_slugs for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy campaign_slugs_delete on public.campaign_slugs for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy conversations_select on public.conversations for select to authenticated
  using (owner_id = (select auth.uid()));
create policy conversations_insert on public.conversations for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy conversations_update on public.conversations for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy conversations_delete on public.conversations for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy turns_select on public.turns for select to authenticated
  using (owner_id = (select auth.uid()));
create policy turns_insert on public.turns for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy turns_update on public.turns for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy turns_delete on public.turns for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy leads_select on public.leads for select to authenticated
  using (owner_id = (select auth.uid()));
create policy leads_insert on public.leads for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy leads_update on public.leads for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy leads_delete on public.leads for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy jobs_caller_insert on public.jobs for insert to voxline_caller
  with check (
    kind = 'analyze_call'
    and conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
    and owner_id = (select public.caller_claim('owner_id')::uuid)
  );

-- 5. The workspaces themselves.
drop trigger if exists on_auth_user_created_workspace on auth.users;
drop trigger if exists on_auth_user_deleted_workspace on auth.users;
drop table public.workspace_members;
drop table public.workspaces;
drop function public.workspace_ids(text);
drop function public.guard_workspace_owners();
drop function public.add_workspace_creator();
drop function public.create_personal_workspace();
drop function public.delete_personal_workspace();
