alter table public.turns drop column if exists tool_calls;
