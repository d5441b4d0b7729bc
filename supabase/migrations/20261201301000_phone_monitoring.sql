-- Monitoring views for phone calls, per workspace. security_invoker: each reads its tables
-- with the querying role's RLS, so a workspace's members see their own calls only (and
-- refused calls to unknown numbers, which belong to no workspace, nobody).

-- Per campaign and day: calls, how many were answered, refused (per-caller limit, campaign
-- not active), completed and failed, and the success rate (completed / answered).
create view public.phone_call_stats with (security_invoker = true) as
select p.workspace_id,
       p.campaign_id,
       date_trunc('day', p.created_at) as day,
       count(*)::integer as calls,
       (count(*) filter (where p.outcome = 'answered'))::integer as answered,
       (count(*) filter (where p.outcome = 'rate_limited'))::integer as rate_limited,
       (count(*) filter (where p.outcome = 'inactive'))::integer as refused_inactive,
       (count(*) filter (where v.phone_status = 'completed'))::integer as completed,
       (count(*) filter (where v.phone_status in ('failed', 'busy', 'no-answer', 'canceled')))::integer as failed,
       round((count(*) filter (where v.phone_status = 'completed'))::numeric
             / nullif(count(*) filter (where p.outcome = 'answered'), 0), 4) as success_rate
  from public.phone_calls p
  left join public.conversations v
    on v.workspace_id = p.workspace_id and v.id = p.conversation_id
   and v.started_at = p.conversation_started_at
 where p.workspace_id is not null
 group by p.workspace_id, p.campaign_id, date_trunc('day', p.created_at);

-- Phone calls in progress.
create view public.phone_active_calls with (security_invoker = true) as
select v.workspace_id, v.campaign_id, v.id as conversation_id, v.started_at, v.phone_status,
       v.turn_count
  from public.conversations v
 where v.channel = 'phone' and v.status = 'active';

-- Turns of phone calls that failed a stage in the last 24 hours.
create view public.phone_recent_errors with (security_invoker = true) as
select t.workspace_id, v.campaign_id, t.conversation_id, t.conversation_started_at, t.seq,
       t.role, t.error_code, t.created_at
  from public.turns t
  join public.conversations v
    on v.workspace_id = t.workspace_id and v.id = t.conversation_id
   and v.started_at = t.conversation_started_at
 where v.channel = 'phone' and t.error_code is not null
   and t.created_at > now() - interval '24 hours';

-- Voicemails whose lead nobody has worked yet.
create view public.phone_voicemail_backlog with (security_invoker = true) as
select l.workspace_id, l.campaign_id, l.id as lead_id, l.conversation_id,
       l.conversation_started_at, l.phone, v.voicemail_url, v.voicemail_duration_seconds,
       v.voicemail_transcript, l.created_at
  from public.leads l
  join public.conversations v
    on v.workspace_id = l.workspace_id and v.id = l.conversation_id
   and v.started_at = l.conversation_started_at
 where l.status = 'new' and l.fields ->> 'source' = 'voicemail';

revoke all on public.phone_call_stats, public.phone_active_calls, public.phone_recent_errors,
  public.phone_voicemail_backlog from public, anon, authenticated;
grant select on public.phone_call_stats, public.phone_active_calls, public.phone_recent_errors,
  public.phone_voicemail_backlog to authenticated, service_role;
