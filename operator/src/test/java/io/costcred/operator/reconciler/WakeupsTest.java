package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WakeupsTest {
  private final Wakeups table = new Wakeups();

  @Test
  void aLaterWakeupReplacesTheEarlierOneAndTakeRemovesWhatIsDue() {
    table.at("a", "one", 100);
    table.at("a", "two", 50);
    table.at("b", "one", 200);
    table.at("a", "two", 300); // rescheduled: its earlier wake-up is gone

    assertThat(table.size()).isEqualTo(3);
    assertThat(table.earliest()).hasValue(100);
    assertThat(table.take(99)).isEmpty();
    assertThat(table.take(100)).containsExactly(new ResourceID("one", "a"));
    assertThat(table.take(250)).containsExactly(new ResourceID("one", "b"));
    assertThat(table.earliest()).hasValue(300);
    assertThat(table.cancel("a", "two")).isTrue();
    assertThat(table.cancel("a", "two")).isFalse();
    assertThat(table.earliest()).isEmpty();
    assertThat(table.size()).isZero();
  }

  /** Times compare by difference, as monotonic nanoseconds must (they may be negative or wrap). */
  @Test
  void comparesTimesAcrossTheLongWrap() {
    long near = Long.MAX_VALUE - 10;
    table.at("a", "before", near);
    table.at("a", "after", near + 20); // wraps to a negative value, still later

    assertThat(table.earliest()).hasValue(near);
    assertThat(table.take(near + 5)).containsExactly(new ResourceID("before", "a"));
    assertThat(table.take(near + 19)).isEmpty();
    assertThat(table.take(near + 20)).containsExactly(new ResourceID("after", "a"));
  }

  /**
   * Against a map as the model: random wake-ups, replacements, cancellations and takes over many
   * growths and shrinks keep the same entries (linear probing's deletion moves the right ones).
   */
  @Test
  void agreesWithAMapOverRandomOperations() {
    Map<ResourceID, Long> model = new HashMap<>();
    Random random = new Random(14);
    long now = 0;
    for (int step = 0; step < 200_000; step++) {
      int op = random.nextInt(10);
      var id = new ResourceID("cc-" + random.nextInt(3_000), "ns-" + random.nextInt(3));
      if (op < 6) {
        long at = now + random.nextInt(1_000);
        table.at(id.getNamespace().orElseThrow(), id.getName(), at);
        model.put(id, at);
      } else if (op < 9) {
        assertThat(table.cancel(id.getNamespace().orElseThrow(), id.getName()))
            .isEqualTo(model.remove(id) != null);
      } else {
        now += random.nextInt(50);
        long t = now;
        List<ResourceID> due = table.take(t);
        var expected = model.entrySet().stream().filter(e -> e.getValue() <= t).toList();
        assertThat(due)
            .containsExactlyInAnyOrderElementsOf(expected.stream().map(Map.Entry::getKey).toList());
        expected.forEach(e -> model.remove(e.getKey()));
      }
      assertThat(table.size()).isEqualTo(model.size());
    }
    for (var e : model.entrySet()) {
      assertThat(table.cancel(e.getKey().getNamespace().orElseThrow(), e.getKey().getName()))
          .isTrue();
    }
    assertThat(table.size()).isZero();
  }

  /** Memory: at most three slots (16 bytes each) per credential, and the table shrinks back. */
  @Test
  void keepsAtMostThreeSlotsPerCredentialAndShrinks() {
    for (int i = 0; i < 10_000; i++) {
      table.at("ns", "cc-" + i, i);
    }
    assertThat(table.capacity()).isLessThanOrEqualTo(3 * 10_000);
    assertThat(table.take(9_989)).hasSize(9_990);
    assertThat(table.size()).isEqualTo(10);
    assertThat(table.capacity()).isLessThanOrEqualTo(128);
  }
}
