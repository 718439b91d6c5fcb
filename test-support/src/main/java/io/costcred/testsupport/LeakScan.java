package io.costcred.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values of a test, and the check that none of them appears in text the operator
 * produced (logs, Events, status, process output). Findings name the place and the index of the
 * secret, never the secret itself (the report is output too).
 *
 * <p>A secret ending in {@value #HEX} hex characters (a fake Vantage token) is also found by that
 * tail alone, so a token printed without its prefix counts, and 10,000s of them cost one pass over
 * the hex runs of a line; other secrets are found by plain search.
 */
public final class LeakScan {
  /** Where slf4j-simple writes in the operator's tests (set in its Surefire configuration). */
  public static final Path LOG = Path.of("target/test-operator.log");

  static final int HEX = 40;
  private static final Pattern HEX_RUN = Pattern.compile("[0-9a-f]{" + HEX + ",}");

  private final List<String> secrets = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> hexTails = new ConcurrentHashMap<>();
  private final List<Integer> plain = new CopyOnWriteArrayList<>();

  public LeakScan() {}

  public LeakScan(Collection<String> secrets) {
    secrets.forEach(this::add);
  }

  /** Adds a secret value; null and empty are ignored. */
  public synchronized void add(String secret) {
    if (secret == null || secret.isEmpty()) {
      return;
    }
    int index = secrets.size();
    secrets.add(secret);
    String tail = secret.length() >= HEX ? secret.substring(secret.length() - HEX) : "";
    if (HEX_RUN.matcher(tail).matches()) {
      hexTails.putIfAbsent(tail, index);
    } else {
      plain.add(index);
    }
  }

  /** How many secrets are known. */
  public int secrets() {
    return secrets.size();
  }

  /** The index of a secret the text holds (or the hex tail of one), or -1. */
  public int find(String text) {
    if (text == null) {
      return -1;
    }
    if (!hexTails.isEmpty()) {
      Matcher m = HEX_RUN.matcher(text);
      while (m.find()) {
        for (int i = m.start(); i + HEX <= m.end(); i++) {
          Integer index = hexTails.get(text.substring(i, i + HEX));
          if (index != null) {
            return index;
          }
        }
      }
    }
    for (int index : plain) {
      if (text.contains(secrets.get(index))) {
        return index;
      }
    }
    return -1;
  }

  /** True if the text holds one of the secrets. */
  public boolean leaks(String text) {
    return find(text) >= 0;
  }

  /** Throws an AssertionError naming {@code where} and the secret's index if the text holds one. */
  public void assertAbsent(String where, String text) {
    int i = find(text);
    if (i >= 0) {
      throw new AssertionError(
          "secret #" + i + " (length " + secrets.get(i).length() + ") appears in " + where);
    }
  }

  /** The text with every secret value replaced by {@code <secret #i>}, for failure messages. */
  public String redact(String text) {
    String out = text;
    for (int i = 0; i < secrets.size(); i++) {
      out = out.replace(secrets.get(i), "<secret #" + i + ">");
    }
    return out;
  }

  /** Scans files: {@code file name -> line numbers} of the lines with a secret (empty if clean). */
  public Map<String, List<Integer>> scan(Collection<Path> files) throws IOException {
    Map<String, List<Integer>> found = new LinkedHashMap<>();
    for (Path f : files) {
      if (!Files.exists(f)) {
        continue;
      }
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (leaks(line)) {
            found.computeIfAbsent(f.getFileName().toString(), k -> new ArrayList<>()).add(n);
          }
        }
      }
    }
    return found;
  }

  /** Fails if {@code text} holds one of {@code secrets} (null and empty secrets are ignored). */
  public static void assertNoSecrets(String where, String text, List<String> secrets) {
    new LeakScan(secrets).assertAbsent(where, text);
  }

  /** Fails if one of {@code texts} holds one of {@code secrets}. */
  public static void assertNoSecrets(String where, Collection<String> texts, List<String> secrets) {
    LeakScan scan = new LeakScan(secrets);
    for (String t : texts) {
      scan.assertAbsent(where, t);
    }
  }

  /** The operator's test log ({@link #LOG}); empty if there is none. */
  public static String log() throws IOException {
    return Files.exists(LOG) ? Files.readString(LOG) : "";
  }
}
