-- Leads get a workflow and an owner on the team: status new → contacted → qualified → won | lost
-- (the old 'unqualified' becomes 'lost', 'converted' becomes 'won'), free-text notes, and
-- assigned_to, the email of the teammate working the lead (the app checks it names a member
-- of the lead's workspace when it is set; a member who later leaves stays named until
-- someone reassigns the lead).
-- The new columns are nullable without defaults: adding them is a catalog change, no rewrite.
-- The status rewrite touches only rows with an old value; the check constraint is added
-- NOT VALID and validated afterwards, so the validating scan holds a lock that lets reads
-- and writes continue.
set local lock_timeout = '10s';

alter table public.leads drop constraint leads_status_check;

update public.leads set status = 'lost' where status = 'unqualified';
update public.leads set status = 'won' where status = 'converted';

alter table public.leads add constraint leads_status_check
  check (status in ('new', 'contacted', 'qualified', 'won', 'lost')) not valid;
alter table public.leads validate constraint leads_status_check;

alter table public.leads
  add column notes text constraint leads_notes_length check (char_length(notes) <= 5000),
  add column assigned_to text constraint leads_assigned_to_length check (char_length(assigned_to) <= 320);

-- The leads list sorts a workspace's leads by score (unscored last: coalesce to -1) or by
-- date, highest/newest first, with the id as the tie-breaker of its keyset cursor.
create index leads_workspace_score_idx on public.leads
  (workspace_id, (coalesce(qualification_score, -1)) desc, id desc);
drop index if exists public.leads_workspace_created_idx;
create index leads_workspace_created_idx on public.leads (workspace_id, created_at desc, id desc);
