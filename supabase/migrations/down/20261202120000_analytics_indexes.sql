drop index if exists public.leads_workspace_analytics_idx;
drop index if exists public.turns_workspace_first_audio_idx;
