package io.costcred.bench;

import java.util.ArrayList;
import java.util.List;

/** Leader-election timings of one failover setting: retry period, renew deadline, duration (s). */
record LeaseTiming(int retrySeconds, int renewDeadlineSeconds, int durationSeconds) {
  LeaseTiming {
    // The operator's rule (OperatorSettings.checkLeaseTimings): retry < renew deadline < duration.
    if (retrySeconds < 1
        || retrySeconds >= renewDeadlineSeconds
        || renewDeadlineSeconds >= durationSeconds) {
      throw new Options.UsageException(
          "lease timings must satisfy 1 <= retry < renew deadline < duration, got "
              + retrySeconds
              + "/"
              + renewDeadlineSeconds
              + "/"
              + durationSeconds);
    }
  }

  /** "2/10/15" = retry 2 s, renew deadline 10 s, duration 15 s. */
  static LeaseTiming parse(String s) {
    String[] p = s.trim().split("/");
    if (p.length != 3) {
      throw new Options.UsageException("lease timing must be RETRY/RENEW/DURATION: " + s);
    }
    try {
      return new LeaseTiming(
          Integer.parseInt(p[0].trim()),
          Integer.parseInt(p[1].trim()),
          Integer.parseInt(p[2].trim()));
    } catch (NumberFormatException e) {
      throw new Options.UsageException("lease timing must be RETRY/RENEW/DURATION: " + s);
    }
  }

  /** "2/10/15,10/30/45". */
  static List<LeaseTiming> parseList(String s) {
    List<LeaseTiming> out = new ArrayList<>();
    for (String x : s.split(",")) {
      out.add(parse(x));
    }
    return out;
  }

  /** The operator flags for these timings. */
  List<String> operatorArgs() {
    return List.of(
        "--lease-retry-period=" + retrySeconds,
        "--lease-renew-deadline=" + renewDeadlineSeconds,
        "--lease-duration=" + durationSeconds);
  }

  /** Short name, as in results.json: "retry2s-renew10s-lease15s". */
  String label() {
    return "retry"
        + retrySeconds
        + "s-renew"
        + renewDeadlineSeconds
        + "s-lease"
        + durationSeconds
        + "s";
  }

  /** Lease writes per minute of an idle leader: one renewal per retry period. */
  double expectedWritesPerMinute() {
    return 60.0 / retrySeconds;
  }
}
