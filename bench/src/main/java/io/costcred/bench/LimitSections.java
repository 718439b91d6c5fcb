package io.costcred.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The results.md sections of the write-rate and failover phases. */
final class LimitSections {
  private LimitSections() {}

  private static Object get(Object root, String... path) {
    return Report.get(root, path);
  }

  private static String s(Object o) {
    if (o == null) {
      return "–";
    }
    if (o instanceof Double d) {
      if (d.isNaN()) {
        return "n/a";
      }
      return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString(d.longValue()) : d.toString();
    }
    return String.valueOf(o);
  }

  private static String map(Object m) {
    if (!(m instanceof Map<?, ?> map) || map.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    map.forEach((k, v) -> parts.add(k + ": " + s(v)));
    return String.join(", ", parts);
  }

  @SuppressWarnings("unchecked")
  static void writeRate(Report rep, Map<String, Object> r) {
    Object w = r.get("writeRate");
    if (w == null) {
      return;
    }
    rep.line("## API server write rate (the limit of first rotations)");
    rep.line("");
    rep.line(
        "No operator running. K concurrent writers in the bench each write their own object for "
            + s(get(w, "secondsPerPoint"))
            + " s: `status` = JSON merge patch of a CostCredential's status subresource, `secret`"
            + " = merge patch of a Secret's data, `event` = create of a core/v1 Event. Every write"
            + " changes the object. CPU in % of one core over the point (the bench's client runs"
            + " on the same cores). Load "
            + s(get(w, "load", "load1Mean"))
            + " (max "
            + s(get(w, "load", "load1Max"))
            + ").");
    rep.line("");
    rep.line("| kind | K | writes/s | p50 / p99 ms | errors | CPU % apiserver / etcd / bench |");
    rep.line("|---|---|---|---|---|---|");
    if (get(w, "points") instanceof List<?> points) {
      for (Object p : points) {
        rep.line(
            "| "
                + s(get(p, "kind"))
                + " | "
                + s(get(p, "writers"))
                + " | "
                + s(get(p, "writesPerSecond"))
                + " | "
                + s(get(p, "latencyMs", "p50"))
                + " / "
                + s(get(p, "latencyMs", "p99"))
                + " | "
                + s(get(p, "errors"))
                + " | "
                + s(get(p, "cpuPercentOfOneCore", "kube-apiserver"))
                + " / "
                + s(get(p, "cpuPercentOfOneCore", "etcd"))
                + " / "
                + s(get(p, "cpuPercentOfOneCore", "bench"))
                + " |");
      }
    }
    rep.line("");
    if (r.get("scale") instanceof Map<?, ?> scale) {
      scale.forEach(
          (k, v) -> {
            if (get(v, "cold", "writesPerFirstRotation") instanceof Map<?, ?> m) {
              Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) m);
              Object detail = copy.remove("byVerbAndResource");
              rep.line(
                  "- API writes per first rotation (scale "
                      + k
                      + ", cold): "
                      + map(copy)
                      + "; by verb and resource: "
                      + map(detail)
                      + ".");
            }
          });
    }
    if (get(w, "firstRotationLimit") instanceof Map<?, ?> limit && !limit.isEmpty()) {
      rep.line(
          "- Implied limit: **"
              + WriteMix.sentence((Map<String, Object>) limit)
              + "** (each group of writes at the best rate measured for its kind).");
    }
    rep.line("");
  }

  static void failover(Report rep, Map<String, Object> r) {
    Object f = r.get("failover");
    if (f == null) {
      return;
    }
    rep.line("## Failover (leader election)");
    rep.line("");
    rep.line(
        "Two operator processes with leader election watch "
            + s(get(f, "credentials"))
            + " credentials. Lease writes are counted by a watch on the Lease over "
            + s(get(f, "idleSeconds"))
            + " s with the leader and the standby idle. Then the leader gets SIGKILL (no"
            + " release of the Lease), the bench annotates one credential with"
            + " `costcred.io/rotate` and polls the Lease and the credential every 50 ms. Load "
            + s(get(f, "load", "load1Mean"))
            + " (max "
            + s(get(f, "load", "load1Max"))
            + ").");
    rep.line("");
    rep.line(
        "| retry / renew deadline / duration (s) | Lease writes/min (expected) | kill → standby"
            + " holds the Lease | kill → rotation done |");
    rep.line("|---|---|---|---|");
    if (get(f, "settings") instanceof List<?> settings) {
      for (Object x : settings) {
        rep.line(
            "| "
                + s(get(x, "leaseRetryPeriodSeconds"))
                + " / "
                + s(get(x, "leaseRenewDeadlineSeconds"))
                + " / "
                + s(get(x, "leaseDurationSeconds"))
                + " | "
                + s(get(x, "leaseWritesPerMinute"))
                + " ("
                + s(get(x, "expectedLeaseWritesPerMinute"))
                + ") | "
                + s(get(x, "killToStandbyHoldsLeaseSeconds"))
                + " s | "
                + s(get(x, "killToRotationDoneSeconds"))
                + " s |");
      }
    }
    rep.line("");
  }
}
