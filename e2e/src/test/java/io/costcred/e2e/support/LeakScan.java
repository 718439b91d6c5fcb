package io.costcred.e2e.support;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secret values of a scenario, and the check that none of them appears in text the operator
 * produced. Failures name the place and the index of the secret, never the secret itself.
 */
public final class LeakScan {
  private final List<String> secrets = new CopyOnWriteArrayList<>();

  public void add(String secret) {
    if (secret != null && !secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  public void assertAbsent(String where, String text) {
    if (text == null) {
      return;
    }
    for (int i = 0; i < secrets.size(); i++) {
      if (text.contains(secrets.get(i))) {
        fail("secret #" + i + " (length " + secrets.get(i).length() + ") appears in " + where);
      }
    }
  }

  /** The text with every secret value replaced, for failure messages. */
  public String redact(String text) {
    String out = text;
    for (int i = 0; i < secrets.size(); i++) {
      out = out.replace(secrets.get(i), "<secret #" + i + ">");
    }
    return out;
  }
}
