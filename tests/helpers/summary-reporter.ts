// Prints "N passed, N failed, N skipped" alone on the last line, so a run that executed no
// test is visible to anything that reads the tail of the log.
import type { SerializedError } from "vitest";
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const mod of modules) {
      const failedBefore = counts.failed;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
      // A file that failed to load, or whose beforeAll hook failed (its tests then read as
      // skipped), must not read as a clean run: count the file as one failure.
      if (mod.state() === "failed" && counts.failed === failedBefore) counts.failed++;
    }
    // An unhandled error fails the run even when every test passed: count it as a failure.
    counts.failed += unhandledErrors.length;
    process.stdout.write(
      `\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}
