package io.costcred.operator.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A task run on a daemon thread of its own, one period after the previous run ended. */
public final class Periodic {
  private Periodic() {}

  /**
   * Starts {@code task} one {@code period} from now and then with that delay between runs, on a
   * daemon thread named {@code thread}; shut the returned executor down to stop it.
   */
  public static ScheduledExecutorService every(String thread, Duration period, Runnable task) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, thread);
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return executor;
  }
}
