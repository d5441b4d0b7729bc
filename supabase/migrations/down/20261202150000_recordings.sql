drop table if exists public.turn_recordings;
drop trigger if exists conversations_set_recorded on public.conversations;
drop function if exists public.set_conversation_recorded();
alter table public.conversations drop column if exists recorded;
drop trigger if exists campaigns_retention_admin_only on public.campaigns;
drop function if exists public.campaigns_retention_admin_only();
drop index if exists public.campaigns_retention_idx;
alter table public.campaigns
  drop column if exists retention_days,
  drop column if exists record_calls;
