package io.costcred.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Asserts that no secret value appears in text the operator produced. Failures name the place and
 * the index of the secret, never the secret itself (the test report is output too).
 */
public final class LeakScan {
  /** Where slf4j-simple writes during tests (set in the Surefire configuration). */
  public static final Path LOG = Path.of("target/test-operator.log");

  private LeakScan() {}

  public static void assertNoSecrets(String where, String text, List<String> secrets) {
    for (int i = 0; i < secrets.size(); i++) {
      String s = secrets.get(i);
      if (s != null && !s.isEmpty() && text != null && text.contains(s)) {
        fail("secret #" + i + " (length " + s.length() + ") appears in " + where);
      }
    }
  }

  public static void assertNoSecrets(String where, Collection<String> texts, List<String> secrets) {
    for (String t : texts) {
      assertNoSecrets(where, t, secrets);
    }
  }

  public static String log() throws IOException {
    return Files.exists(LOG) ? Files.readString(LOG) : "";
  }
}
