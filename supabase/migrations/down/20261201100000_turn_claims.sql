alter table public.turns drop column if exists incomplete;
alter table public.turns drop column if exists claim_expires_at;
