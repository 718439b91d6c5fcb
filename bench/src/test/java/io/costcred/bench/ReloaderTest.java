package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloaderTest {
  private static final String STALE =
      "gc 9 @121.0s 0%: 0.1+1.0+0.01 ms clock, 0.2+0/1/2+0.02 ms cpu, 120->120->99 MB, 200 MB"
          + " goal, 0 MB stacks, 0 MB globals, 2 P (forced)\n";

  @TempDir Path dir;

  /**
   * A stand-in for the binary: prints {@code output} to stderr, as Go's runtime does, and waits.
   */
  private Path fake(String output) throws Exception {
    Path bin = dir.resolve("reloader");
    Files.writeString(bin, "#!/bin/sh\nprintf '%s' '" + output + "' >&2\nexec sleep 60\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    return bin;
  }

  /** Waits up to 10 s for the fake's output to reach the log. */
  private static void awaitLogged(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.readString(log).contains(text)) {
      assertThat(System.nanoTime()).as("the fake wrote " + text).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void theLiveHeapIsThisProcesssLastCollectionNotAnEarlierRunsLine() throws Exception {
    Path log = dir.resolve("reloader-1k.log");
    Files.writeString(log, STALE);
    String mine =
        "gc 1 @0.015s 2%: 0.05+1.4+0.01 ms clock, 0.1+0/1/0+0.02 ms cpu, 4->4->3 MB, 5 MB goal,"
            + " 0 MB stacks, 0 MB globals, 2 P\\n";

    try (Reloader r = Reloader.start(fake(mine), dir.resolve("kubeconfig"), List.of("a"), log)) {
      awaitLogged(log, "gc 1 ");
      assertThat(r.liveHeapBytes()).hasValue(3L << 20);
    }
  }

  @Test
  void aProcessThatLoggedNoCollectionHasNoLiveHeapEvenAfterAnEarlierRun() throws Exception {
    Path log = dir.resolve("reloader-5k.log");
    Files.writeString(log, STALE);

    try (Reloader r =
        Reloader.start(fake("starting\\n"), dir.resolve("kubeconfig"), List.of("a"), log)) {
      awaitLogged(log, "starting");
      assertThat(r.liveHeapBytes()).isEmpty();
    }
  }
}
