package io.costcred.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdStampTest {
  private static final class Stamp extends IdStamp {
    Stamp(String uid, String resourceVersion, String version) {
      super(CompactIds.uid(uid), CompactIds.version(resourceVersion), CompactIds.version(version));
    }
  }

  @Test
  void theApiServersIdsComeBackAsTheirCompactForms() {
    String uid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    Stamp s = new Stamp(uid, "4711", "42");

    assertThat(s.uid()).isEqualTo(UUID.fromString(uid));
    assertThat(CompactIds.text(s.uid())).isEqualTo(uid);
    assertThat(s.resourceVersion()).isEqualTo(4711L);
    assertThat(s.version()).isEqualTo(42L);
    assertThat(s.is(UUID.fromString(uid), 4711L)).isTrue();
    assertThat(s.is(UUID.fromString(uid), 4712L)).isFalse();
    assertThat(s.is(uid, "4711")).as("a text is not a compact form").isFalse();
  }

  @Test
  void anyOtherIdsAreKeptAsTheyCame() {
    Stamp s = new Stamp("u-1", "0042", "b7");

    assertThat(s.uid()).isEqualTo("u-1");
    assertThat(s.resourceVersion()).isEqualTo("0042");
    assertThat(s.version()).isEqualTo("b7");
    assertThat(s.is("u-1", "0042")).isTrue();

    Stamp mixed = new Stamp("0f8fad5b-d9cb-469f-a165-70867728950e", "x1", "2");
    assertThat(mixed.resourceVersion()).isEqualTo("x1");
    assertThat(mixed.version()).isEqualTo(2L);

    Stamp none = new Stamp(null, null, null);
    assertThat(none.uid()).isNull();
    assertThat(none.is(null, null)).isTrue();
    assertThat(none.is("u-1", null)).isFalse();
  }
}
