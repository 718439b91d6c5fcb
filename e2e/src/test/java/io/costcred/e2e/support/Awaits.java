package io.costcred.e2e.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How the suite waits: {@code done} is polled every 250 ms; {@code alive} runs before each poll (it
 * throws when an operator process died, so a crash fails at once, not at the timeout); a timeout
 * fails with {@code diagnostics} (status and output, secrets redacted).
 */
final class Awaits {
  private Awaits() {}

  static void until(
      String what,
      Duration timeout,
      Runnable alive,
      Callable<Boolean> done,
      Supplier<String> diagnostics) {
    try {
      Awaitility.await()
          .alias(what)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                alive.run();
                return done.call();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "timed out after " + timeout + " waiting for: " + what + "\n" + diagnostics.get(), e);
    }
  }
}
