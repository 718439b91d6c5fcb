package io.costcred.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for secret values (every token the bench issued) in the operator's logs. Fake Vantage
 * tokens end in 40 hex characters: those are found through the hex runs of each line (so 10,000s of
 * tokens cost one pass), also without their prefix; other secrets by plain search. Findings name
 * the file and line, never the value.
 */
final class LeakScan {
  static final int HEX = 40;
  private static final Pattern HEX_RUN = Pattern.compile("[0-9a-f]{" + HEX + ",}");
  private final Set<String> hexTails = new HashSet<>();
  private final List<String> plain = new ArrayList<>();

  LeakScan(Collection<String> secrets) {
    for (String s : secrets) {
      String tail = s.length() >= HEX ? s.substring(s.length() - HEX) : "";
      if (HEX_RUN.matcher(tail).matches()) {
        hexTails.add(tail);
      } else if (!s.isEmpty()) {
        plain.add(s);
      }
    }
  }

  /** True if the line holds one of the secrets (or the 40-hex tail of a token). */
  boolean leaks(String line) {
    Matcher m = HEX_RUN.matcher(line);
    while (m.find()) {
      for (int i = m.start(); i + HEX <= m.end(); i++) {
        if (hexTails.contains(line.substring(i, i + HEX))) {
          return true;
        }
      }
    }
    for (String p : plain) {
      if (line.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** Scans the files: {@code file -> line numbers} of the lines with a secret (empty if clean). */
  Map<String, List<Integer>> scan(Collection<Path> files) throws IOException {
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

  int secrets() {
    return hexTails.size() + plain.size();
  }
}
