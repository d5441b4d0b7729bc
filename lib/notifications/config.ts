// What the notification channels need from the environment, read once per use so tests can
// change process.env between cases (resetEnvCache).
import { env, publicOrigin } from "@/lib/env";

export interface SmtpConfig {
  /** A nodemailer connection URL, or host/port/auth. */
  url?: string;
  host?: string;
  port?: number;
  auth?: { user: string; pass: string };
  from: string;
}

export interface NotificationConfig {
  production: boolean;
  /** Where links in Slack messages and emails point: APP_URL, never a request's Host. */
  appOrigin: string;
  slackWebhookUrl?: string;
  smtp?: SmtpConfig;
}

export function notificationConfig(): NotificationConfig {
  const e = env();
  const smtp: SmtpConfig | undefined =
    e.SMTP_FROM && (e.SMTP_URL || e.SMTP_HOST)
      ? {
          url: e.SMTP_URL,
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          auth: e.SMTP_USER && e.SMTP_PASS ? { user: e.SMTP_USER, pass: e.SMTP_PASS } : undefined,
          from: e.SMTP_FROM,
        }
      : undefined;
  return {
    production: e.NODE_ENV === "production",
    appOrigin: publicOrigin(e),
    slackWebhookUrl: e.SLACK_WEBHOOK_URL,
    smtp,
  };
}
