import { CallShell } from "@/components/call/call-shell";
import { Unavailable } from "@/components/call/unavailable";

export default function CallNotFound() {
  return (
    <CallShell>
      <Unavailable
        title="This call link isn't available"
        body="Check that the link is complete. If it is, the campaign behind it may have ended."
      />
    </CallShell>
  );
}
