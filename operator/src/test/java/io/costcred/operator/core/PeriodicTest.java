package io.costcred.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeriodicTest {
  @Test
  void theTaskRunsAgainAndAgainOnADaemonThreadOfItsNameUntilShutDown() throws Exception {
    CountDownLatch three = new CountDownLatch(3);
    AtomicReference<Thread> ran = new AtomicReference<>();

    var executor =
        Periodic.every(
            "periodic-test",
            Duration.ofMillis(10),
            () -> {
              ran.set(Thread.currentThread());
              three.countDown();
            });
    try {
      assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      executor.shutdownNow();
    }

    assertThat(ran.get().getName()).isEqualTo("periodic-test");
    assertThat(ran.get().isDaemon()).isTrue();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }
}
