import { PageHeader } from "@/components/dashboard/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your account, and the current workspace's API keys and webhooks."
      />
      <SettingsTabs />
      {children}
    </>
  );
}
