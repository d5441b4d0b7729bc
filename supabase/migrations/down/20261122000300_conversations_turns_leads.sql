drop function if exists public.create_monthly_partitions(integer, integer);
drop table if exists public.leads;
drop table if exists public.turns;
drop table if exists public.conversations;
