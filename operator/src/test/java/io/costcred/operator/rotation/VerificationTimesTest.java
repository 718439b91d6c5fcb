package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VerificationTimesTest {
  private final VerificationTimes times = new VerificationTimes();

  /** Instants come back exactly (seconds and nanoseconds), for UUID uids and any other text. */
  @Test
  void keepsExactInstantsForUuidsAndOtherUids() {
    String uuid = "36a82db2-c597-4e93-aa3f-000000000007";
    Instant t = Instant.parse("2026-12-05T22:03:12.123456789Z");
    times.put(uuid, t);
    times.put("not-a-uuid", t.plusSeconds(1));
    times.put(uuid.toUpperCase(), t.plusSeconds(2)); // not canonical: another uid, kept beside

    assertThat(times.get(uuid)).isEqualTo(t);
    assertThat(times.get("not-a-uuid")).isEqualTo(t.plusSeconds(1));
    assertThat(times.get(uuid.toUpperCase())).isEqualTo(t.plusSeconds(2));
    assertThat(times.computeIfAbsent(uuid, () -> Instant.EPOCH)).isEqualTo(t);
    assertThat(times.computeIfAbsent("36a82db2-c597-4e93-aa3f-000000000008", () -> Instant.EPOCH))
        .isEqualTo(Instant.EPOCH);
    assertThat(times.size()).isEqualTo(4);
    times.remove(uuid);
    times.remove("not-a-uuid");
    assertThat(times.get(uuid)).isNull();
    assertThat(times.size()).isEqualTo(2);
  }

  /** Against a map as the model, over growths, shrinks and gap closing. */
  @Test
  void agreesWithAMapOverRandomChanges() {
    Random random = new Random(60);
    String[] uids = new String[5_000];
    for (int i = 0; i < uids.length; i++) {
      uids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
    }
    Map<String, Instant> model = new HashMap<>();
    for (int step = 0; step < 100_000; step++) {
      String uid = uids[random.nextInt(random.nextBoolean() ? 50 : uids.length)];
      if (random.nextInt(3) > 0) {
        Instant t =
            Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
        times.put(uid, t);
        model.put(uid, t);
      } else {
        times.remove(uid);
        model.remove(uid);
      }
      if (step % 5_000 == 0) {
        model.forEach((u, t) -> assertThat(times.get(u)).isEqualTo(t));
      }
      assertThat(times.size()).isEqualTo(model.size());
    }
    for (String uid : uids) {
      assertThat(times.get(uid)).isEqualTo(model.get(uid));
    }
    model.keySet().forEach(times::remove);
    assertThat(times.size()).isZero();
    assertThat(times.capacity()).isLessThanOrEqualTo(32);
  }
}
