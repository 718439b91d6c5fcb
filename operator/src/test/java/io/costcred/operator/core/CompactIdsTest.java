package io.costcred.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CompactIdsTest {

  @Test
  void canonicalUidsBecomeUuidsAndComeBackAsTheSameText() {
    String uid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    assertThat(CompactIds.uid(uid)).isInstanceOf(UUID.class);
    assertThat(CompactIds.text(CompactIds.uid(uid))).isEqualTo(uid);
  }

  @Test
  void anyOtherUidIsKeptAsItsText() {
    for (String odd :
        List.of(
            "0F8FAD5B-D9CB-469F-A165-70867728950E", // upper case: UUID.toString would lower it
            "1-1-1-1-1",
            "0f8fad5b-d9cb-469f-a165-70867728950e-extra",
            "not-a-uid-at-all-but-thirty-six-ch!",
            "")) {
      assertThat(CompactIds.uid(odd)).as(odd).isSameAs(odd);
      assertThat(CompactIds.text(CompactIds.uid(odd))).isEqualTo(odd);
    }
    assertThat(CompactIds.uid(null)).isNull();
  }

  @Test
  void decimalVersionsBecomeLongsAndOthersStayText() {
    assertThat(CompactIds.version("123456")).isEqualTo(123456L);
    assertThat(CompactIds.version("0")).isEqualTo(0L);
    assertThat(CompactIds.text(CompactIds.version("999999999999999999")))
        .isEqualTo("999999999999999999");
    for (String odd : List.of("0123", "+5", "-5", "12a", "9999999999999999999", "", " 1")) {
      assertThat(CompactIds.version(odd)).as(odd).isSameAs(odd);
    }
    assertThat(CompactIds.version(null)).isNull();
  }

  @Test
  void compactFormsAreEqualExactlyWhenTheTextsAre() {
    List<String> texts =
        List.of(
            "1",
            "01",
            "10",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "0F8FAD5B-D9CB-469F-A165-70867728950E",
            "0f8fad5b-d9cb-469f-a165-70867728950f");
    for (String a : texts) {
      for (String b : texts) {
        assertThat(CompactIds.uid(a).equals(CompactIds.uid(b)))
            .as(a + " " + b)
            .isEqualTo(a.equals(b));
        assertThat(CompactIds.version(a).equals(CompactIds.version(b)))
            .as(a + " " + b)
            .isEqualTo(a.equals(b));
      }
    }
  }
}
