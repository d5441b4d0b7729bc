-- Indexes for the analytics page (lib/db/queries/analytics.ts). Each reads one workspace's
-- rows over a date range, in the month partitions that range covers, mostly from the index
-- (the INCLUDE columns are what the aggregates read), so a 30-day window costs the rows in it
-- and not the partitions' other workspaces.
-- The conversations side is conversations_workspace_started_idx (20261202100000).

-- Time to first audio: agent replies only (the greeting has no latency marks).
create index turns_workspace_first_audio_idx on public.turns (workspace_id, conversation_started_at)
  include (conversation_id, first_audio_ms)
  where role = 'agent' and first_audio_ms is not null;

create index leads_workspace_analytics_idx on public.leads (workspace_id, conversation_started_at)
  include (conversation_id, qualification_score);
