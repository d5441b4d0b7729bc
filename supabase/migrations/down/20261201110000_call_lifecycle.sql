drop table if exists public.jobs;
drop table if exists public.greeting_audio;
alter table public.conversations drop column if exists is_test;
alter table public.turns drop column if exists heard_ms;
