drop table if exists public.notification_deliveries;
drop table if exists public.notification_outbox;
drop table if exists public.campaign_notification_settings;
