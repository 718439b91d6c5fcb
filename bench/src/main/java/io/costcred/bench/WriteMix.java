package io.costcred.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * API server writes per first rotation (from an {@code apiserver_request_total} delta) and the
 * first-rotation rate they imply at a measured raw write rate.
 */
final class WriteMix {
  private static final List<String> READ_VERBS = List.of("GET", "LIST", "WATCH", "CONNECT");

  /**
   * Not counted: writes of the control plane itself (kwok node heartbeats, component Leases) and
   * reviews, which are POSTs that store nothing.
   */
  private static final List<String> BACKGROUND =
      List.of(
          "leases",
          "nodes",
          "nodes/status",
          "selfsubjectrulesreviews",
          "selfsubjectaccessreviews",
          "subjectaccessreviews",
          "tokenreviews");

  private WriteMix() {}

  /**
   * Writes per credential by "VERB resource[/subresource]" (background writes left out), plus the
   * groups the report names and {@code total}.
   */
  static Map<String, Object> perRotation(Map<String, Double> delta, int credentials) {
    Map<String, Double> byKey = new TreeMap<>();
    for (var e : delta.entrySet()) {
      int sp = e.getKey().indexOf(' ');
      String verb = e.getKey().substring(0, sp);
      String res = e.getKey().substring(sp + 1);
      if (READ_VERBS.contains(verb) || BACKGROUND.contains(res)) {
        continue;
      }
      byKey.merge(e.getKey(), e.getValue() / credentials, Double::sum);
    }
    Map<String, Double> groups = new LinkedHashMap<>();
    for (String g :
        List.of("statusPuts", "statusPatches", "patches", "secretCreates", "secretUpdates")) {
      groups.put(g, 0.0);
    }
    groups.put("events", 0.0);
    groups.put("other", 0.0);
    double total = 0;
    for (var e : byKey.entrySet()) {
      groups.merge(group(e.getKey()), e.getValue(), Double::sum);
      total += e.getValue();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    groups.forEach((k, v) -> out.put(k, Stats.round(v, 2)));
    out.put("total", Stats.round(total, 2));
    Map<String, Object> detail = new LinkedHashMap<>();
    byKey.forEach((k, v) -> detail.put(k, Stats.round(v, 2)));
    out.put("byVerbAndResource", detail);
    return out;
  }

  /** Which reported group a "VERB resource" write belongs to. */
  static String group(String key) {
    int sp = key.indexOf(' ');
    String verb = key.substring(0, sp);
    String res = key.substring(sp + 1);
    if (res.equals("events")) {
      return "events";
    }
    if (res.endsWith("/status") && verb.equals("PUT")) {
      return "statusPuts";
    }
    boolean patch = verb.equals("PATCH") || verb.equals("APPLY"); // APPLY: server-side apply
    if (res.endsWith("/status") && patch) {
      return "statusPatches";
    }
    if (res.equals("secrets") && verb.equals("POST")) {
      return "secretCreates";
    }
    if (res.equals("secrets") && (verb.equals("PUT") || verb.equals("PATCH"))) {
      return "secretUpdates";
    }
    if (patch) {
      return "patches";
    }
    return "other";
  }

  /** The kind of the write-rate phase that stands for a write of this group. */
  static String kindOf(String group) {
    return switch (group) {
      case "secretCreates", "secretUpdates" -> "secret";
      case "events" -> "event";
      default -> "status";
    };
  }

  /**
   * The least time {@code credentials} first rotations take when the API server writes at the best
   * measured rate of each kind (writes per second by kind: status, secret, event): the writes of
   * each group at their kind's rate, one after the other.
   */
  static Map<String, Object> impliedLimit(
      Map<String, Object> perRotation, Map<String, Double> bestRate, int credentials) {
    double seconds = 0;
    double writes = 0;
    for (var e : perRotation.entrySet()) {
      if (!(e.getValue() instanceof Number n) || e.getKey().equals("total")) {
        continue;
      }
      Double rate = bestRate.get(kindOf(e.getKey()));
      if (rate == null || rate <= 0) {
        return Map.of();
      }
      writes += n.doubleValue() * credentials;
      seconds += n.doubleValue() * credentials / rate;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("credentials", credentials);
    out.put("writes", Math.round(writes));
    out.put("writesPerSecond", seconds > 0 ? Stats.round(writes / seconds, 0) : Double.NaN);
    out.put("minimumSeconds", Stats.round(seconds, 1));
    out.put("firstRotationsPerSecond", seconds > 0 ? Stats.round(credentials / seconds, 1) : 0);
    return out;
  }

  /** "N first rotations need X writes; at the measured Y writes/s that is Z s minimum". */
  static String sentence(Map<String, Object> limit) {
    if (limit.isEmpty()) {
      return "";
    }
    return String.format(
        java.util.Locale.ROOT,
        "%,d first rotations need %,d writes; at the measured %,.0f writes/s that is %,.1f s"
            + " minimum (%.1f first rotations/s)",
        ((Number) limit.get("credentials")).intValue(),
        ((Number) limit.get("writes")).longValue(),
        ((Number) limit.get("writesPerSecond")).doubleValue(),
        ((Number) limit.get("minimumSeconds")).doubleValue(),
        ((Number) limit.get("firstRotationsPerSecond")).doubleValue());
  }
}
