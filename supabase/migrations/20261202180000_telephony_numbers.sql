-- Which Twilio numbers a workspace may answer. A deployment's numbers live in one Twilio
-- account, so a number is assigned to a workspace by an operator (npm run telephony:numbers),
-- never claimed by a member: without this any member could point their campaign at a number
-- bought for someone else and take its callers.
--
-- campaign_phone_numbers gains a foreign key to the assignment, so Postgres itself refuses a
-- campaign number its workspace was not given, whoever writes the row; unassigning a number
-- removes the campaign settings that used it.
create table public.telephony_numbers (
  e164 text primary key check (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  label text not null default '' check (char_length(label) <= 80),
  assigned_at timestamptz not null default now(),
  constraint telephony_numbers_assignment_key unique (e164, workspace_id)
);
create index telephony_numbers_workspace_idx on public.telephony_numbers (workspace_id);

-- Numbers already answering keep answering: each is assigned to the workspace using it.
insert into public.telephony_numbers (e164, workspace_id)
  select e164, workspace_id from public.campaign_phone_numbers
  on conflict (e164) do nothing;

alter table public.campaign_phone_numbers
  add constraint campaign_phone_numbers_assigned_fkey foreign key (e164, workspace_id)
  references public.telephony_numbers (e164, workspace_id) on delete cascade;

alter table public.telephony_numbers enable row level security;
-- Members see their workspace's numbers (the phone settings form offers them); nobody but the
-- service role assigns.
create policy telephony_numbers_select on public.telephony_numbers for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));

revoke all on public.telephony_numbers from public, anon, authenticated;
grant select on public.telephony_numbers to authenticated;
grant select, insert, update, delete on public.telephony_numbers to service_role;
