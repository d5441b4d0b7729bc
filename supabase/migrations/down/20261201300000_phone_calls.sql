drop table if exists public.phone_audio;
drop table if exists public.phone_calls;
alter table public.conversations
  drop column if exists transfer_target,
  drop column if exists voicemail_transcript,
  drop column if exists voicemail_duration_seconds,
  drop column if exists voicemail_url,
  drop column if exists phone_status,
  drop column if exists call_sid,
  drop column if exists channel;
drop table if exists public.campaign_phone_numbers;
