import { buttonClasses } from "@/components/ui/button";

/** Opens the caller's page in preview mode: the owner test-calls any status but archived. */
export function TryItLink({ slug }: { slug: string }) {
  return (
    <a
      href={`/call/${slug}?preview=1`}
      target="_blank"
      rel="noopener"
      className={buttonClasses("secondary")}
    >
      Try it
    </a>
  );
}
