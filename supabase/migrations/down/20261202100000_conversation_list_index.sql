drop index if exists public.conversations_workspace_started_idx;
