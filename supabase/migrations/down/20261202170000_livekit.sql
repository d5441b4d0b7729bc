drop function if exists public.conversation_exists(uuid);
drop table if exists public.livekit_webhook_events;
