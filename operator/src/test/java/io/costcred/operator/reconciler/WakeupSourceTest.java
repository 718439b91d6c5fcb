package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconciler's wake-ups on a real timer: never early, once, forgotten on deletion. */
class WakeupSourceTest {
  private final List<ResourceID> events = new CopyOnWriteArrayList<>();
  private final Map<ResourceID, Long> firedAt = new ConcurrentHashMap<>();
  private final WakeupSource source = new WakeupSource();

  WakeupSourceTest() {
    source.setEventHandler(
        (Event e) -> {
          events.add(e.getRelatedCustomResourceID());
          firedAt.put(e.getRelatedCustomResourceID(), System.nanoTime());
        });
  }

  @AfterEach
  void stop() {
    source.stop();
  }

  private static CostCredential cr(String ns, String name) {
    var cr = new CostCredential();
    cr.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    return cr;
  }

  @Test
  void wakesEachCredentialOnceAndNeverBeforeItsDelay() {
    source.start();
    long start = System.nanoTime();
    source.after(cr("a", "slow"), Duration.ofMillis(400));
    source.after(cr("a", "fast"), Duration.ofMillis(50));
    source.after(cr("b", "now"), Duration.ZERO);

    await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 3);
    assertThat(events)
        .containsExactly(
            new ResourceID("now", "b"), new ResourceID("fast", "a"), new ResourceID("slow", "a"));
    assertThat(firedAt.get(new ResourceID("fast", "a")) - start)
        .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(firedAt.get(new ResourceID("slow", "a")) - start)
        .isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
    assertThat(source.pending()).isZero();
  }

  /** A reconcile that asks again replaces the wake-up; a deleted credential is not woken. */
  @Test
  void aNewerDelayReplacesTheOlderAndDeletionForgets() throws Exception {
    source.start();
    long start = System.nanoTime();
    source.after(cr("a", "moved"), Duration.ofMillis(50));
    source.after(cr("a", "moved"), Duration.ofMillis(600));
    source.after(cr("a", "deleted"), Duration.ofMillis(50));
    source.onResourceDeleted(cr("a", "deleted"));
    source.after(cr("a", "marker"), Duration.ofMillis(300));

    await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
    assertThat(events).containsExactly(new ResourceID("marker", "a"), new ResourceID("moved", "a"));
    assertThat(firedAt.get(new ResourceID("moved", "a")) - start)
        .isGreaterThanOrEqualTo(Duration.ofMillis(600).toNanos());
  }

  /**
   * Wake-ups asked for before the source starts (or while it is stopped) are kept and come once it
   * runs; a stopped source sends nothing.
   */
  @Test
  void keepsWakeupsAcrossAStopAndSendsNoneWhileStopped() throws Exception {
    source.after(cr("a", "early"), Duration.ZERO);
    Thread.sleep(200);
    assertThat(events).isEmpty();

    source.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);

    source.after(cr("a", "later"), Duration.ofMillis(100));
    source.stop();
    Thread.sleep(400);
    assertThat(events).hasSize(1);
    source.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
    assertThat(events.get(1)).isEqualTo(new ResourceID("later", "a"));
  }

  /**
   * Many wake-ups due at the same time cost one scan, and a burst of wake-ups spread over a second
   * costs at most one scan per {@link WakeupSource#MIN_GAP}: no tight loop however they are spread.
   */
  @Test
  void wakesThousandsWithOneTimerTask() {
    source.start();
    for (int i = 0; i < 5_000; i++) {
      source.after(cr("ns-" + (i % 5), "cc-" + i), Duration.ofMillis(i % 1_000));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 5_000);
    assertThat(events).doesNotHaveDuplicates();
    assertThat(source.scans()).isBetween(1L, 1_000L / WakeupSource.MIN_GAP.toMillis() + 3);
  }
}
