alter table public.campaign_phone_numbers drop constraint if exists campaign_phone_numbers_assigned_fkey;
drop table if exists public.telephony_numbers;
