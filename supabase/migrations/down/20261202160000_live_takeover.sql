drop table if exists public.conversation_takeovers;
alter table public.turns drop constraint turns_role_check;
update public.turns set role = 'human' where role = 'human_agent';
alter table public.turns add constraint turns_role_check
  check (role in ('caller', 'agent', 'human', 'system'));
