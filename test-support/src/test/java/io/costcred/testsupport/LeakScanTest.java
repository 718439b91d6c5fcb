package io.costcred.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakScanTest {
  // Built at run time: no token-shaped literal in the sources (the secret scan would flag it).
  private static final String HEX = "0123456789abcdef".repeat(3).substring(0, LeakScan.HEX);
  private static final String TOKEN = "vntg_tkn_" + HEX;
  private static final String OTHER = "vntg_tkn_" + new StringBuilder(HEX).reverse();
  private static final String ROOT = "bench-1b4e28ba-2fa1-11d2-883f-0016d3cca427";

  private final LeakScan scan = new LeakScan(List.of(TOKEN, OTHER, ROOT));

  @Test
  void findsATokenWithOrWithoutItsPrefix() {
    assertThat(scan.leaks("published token=" + TOKEN + " to vault")).isTrue();
    assertThat(scan.leaks("value " + HEX)).isTrue();
    assertThat(scan.leaks("{\"token\":\"" + OTHER + "\"}")).isTrue();
  }

  @Test
  void findsATokenInsideALongerHexRun() {
    assertThat(scan.leaks("deadbeef" + HEX + "cafe")).isTrue();
  }

  @Test
  void findsOtherSecretsByPlainSearch() {
    assertThat(scan.leaks("X-Vault-Token: " + ROOT)).isTrue();
    assertThat(scan.secrets()).isEqualTo(3);
  }

  @Test
  void leavesFingerprintsIdsAndShortHexAlone() {
    assertThat(scan.leaks("fingerprint " + "ab".repeat(32))).isFalse();
    assertThat(scan.leaks("token id accss_crdntl_0123456789abcdef rotated")).isFalse();
    assertThat(scan.leaks("vntg_tkn_" + HEX.substring(0, 39))).isFalse();
    assertThat(scan.leaks("")).isFalse();
  }

  @Test
  void reportsFileAndLineNumbersOnly(@TempDir Path dir) throws Exception {
    Path clean = dir.resolve("operator-a.log");
    Path dirty = dir.resolve("operator-b.log");
    Files.writeString(clean, "started\nreconciled 10\n");
    Files.writeString(dirty, "one\ntwo " + TOKEN + "\nthree\nfour " + ROOT + "\n");
    Map<String, List<Integer>> found = scan.scan(List.of(clean, dirty, dir.resolve("missing.log")));
    assertThat(found).containsOnlyKeys("operator-b.log");
    assertThat(found.get("operator-b.log")).containsExactly(2, 4);
    assertThat(found.toString()).doesNotContain(HEX).doesNotContain(ROOT);
  }

  @Test
  void assertAbsentNamesThePlaceAndIndexNeverTheValue() {
    assertThatThrownBy(() -> scan.assertAbsent("status.message", "x " + ROOT))
        .isInstanceOf(AssertionError.class)
        .hasMessage("secret #2 (length " + ROOT.length() + ") appears in status.message")
        .message()
        .doesNotContain(ROOT);
    scan.assertAbsent("clean", "nothing here");
    scan.assertAbsent("null text", null);
  }

  @Test
  void redactReplacesEveryValueByItsIndex() {
    assertThat(scan.redact("a " + TOKEN + " b " + ROOT)).isEqualTo("a <secret #0> b <secret #2>");
  }

  @Test
  void staticChecksIgnoreNullAndEmptySecrets() {
    List<String> secrets = java.util.Arrays.asList(null, "", ROOT);
    LeakScan.assertNoSecrets("log", List.of("fine", "also fine"), secrets);
    assertThatThrownBy(() -> LeakScan.assertNoSecrets("event", "see " + ROOT, secrets))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("appears in event");
  }
}
