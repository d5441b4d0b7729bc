drop view if exists public.phone_voicemail_backlog;
drop view if exists public.phone_recent_errors;
drop view if exists public.phone_active_calls;
drop view if exists public.phone_call_stats;
