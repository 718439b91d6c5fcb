package io.costcred.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The per-phase sections of results.md. */
final class Sections {
  private Sections() {}

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

  private static String load(Object phase) {
    return s(get(phase, "load", "load1Mean"))
        + " (min "
        + s(get(phase, "load", "load1Min"))
        + ", max "
        + s(get(phase, "load", "load1Max"))
        + ")";
  }

  private static String map(Object m) {
    if (!(m instanceof Map<?, ?> map) || map.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    map.forEach((k, v) -> parts.add(k + ": " + s(v)));
    return String.join(", ", parts);
  }

  static void scale(Report rep, Map<String, Object> r) {
    if (!(r.get("scale") instanceof Map<?, ?> sm)) {
      return;
    }
    rep.line("## 1. Scale");
    rep.line("");
    rep.line(
        "Each CostCredential has its own pool Secret (3 tokens) and store Secret, no restart targets, in namespaces of 1,000. Objects are created before the operator starts. **Cold**: every credential still needs its first rotation (ledger, pool, `/v2/me`, store, status); the fake's and the operator's hourly budget are raised to "
            + s(get(sm.values().iterator().next(), "cold", "hourlyBudget"))
            + " because 10,000 first rotations need 10,000 `/v2/me` calls. **Restart**: the same credentials after an operator restart (the realistic case): time until every credential was reconciled once.");
    rep.line("");
    rep.line(
        "| credentials | create objects | cold: all Ready | restart: all reconciled | RSS cold / restart | heap used cold / restart | live heap after full GC (restart) | API requests per first rotation (writes) | load avg cold / restart |");
    rep.line("|---|---|---|---|---|---|---|---|---|");
    for (var e : sm.entrySet()) {
      if (!String.valueOf(e.getKey()).matches("\\d+")) {
        continue;
      }
      Object v = e.getValue();
      rep.line(
          "| "
              + e.getKey()
              + " | "
              + s(get(v, "create", "seconds"))
              + " s ("
              + s(get(v, "create", "objectsPerSecond"))
              + "/s)"
              + " | "
              + s(get(v, "cold", "secondsToAllReady"))
              + " s"
              + " | "
              + s(get(v, "restart", "secondsToAllReconciled"))
              + " s (readyz "
              + s(get(v, "restart", "readyzSeconds"))
              + " s)"
              + " | "
              + s(get(v, "cold", "memory", "rssMiB"))
              + " / "
              + s(get(v, "restart", "memory", "rssMiB"))
              + " MiB"
              + " | "
              + s(get(v, "cold", "memory", "heapUsedMiB"))
              + " / "
              + s(get(v, "restart", "memory", "heapUsedMiB"))
              + " MiB"
              + " | "
              + s(get(v, "restart", "memory", "heapAfterFullGcMiB"))
              + " MiB"
              + " | "
              + s(get(v, "cold", "apiRequestsPerCredential", "total"))
              + " ("
              + s(get(v, "cold", "apiWritesPerCredential", "total"))
              + ")"
              + " | "
              + s(get(v, "cold", "load", "load1Mean"))
              + " / "
              + s(get(v, "restart", "load", "load1Mean"))
              + " |");
    }
    rep.line("");
    Object slope = sm.get("slopePerThousand");
    if (slope != null) {
      rep.line("Slope per 1,000 credentials (between the two sizes): " + map(slope) + ".");
      rep.line("");
    }
    scaleDetails(rep, sm);
    histograms(rep, sm);
  }

  /** Live heap per class after the restart settled (jcmd GC.class_histogram, top classes). */
  private static void histograms(Report rep, Map<?, ?> sm) {
    for (var e : sm.entrySet()) {
      Object h = get(e.getValue(), "restart", "memory", "histogram");
      if (!String.valueOf(e.getKey()).matches("\\d+") || !(get(h, "top") instanceof List<?> top)) {
        continue;
      }
      rep.line(
          "Live heap by class, "
              + e.getKey()
              + " credentials after the restart: "
              + s(get(h, "totalMiB"))
              + " MiB, "
              + s(get(h, "totalBytesPerObject"))
              + " bytes per credential.");
      rep.line("");
      rep.line("| class | instances | bytes | bytes per credential |");
      rep.line("|---|---|---|---|");
      for (Object row : top) {
        rep.line(
            "| `"
                + s(get(row, "class"))
                + "` | "
                + s(get(row, "instances"))
                + " | "
                + s(get(row, "bytes"))
                + " | "
                + s(get(row, "bytesPerObject"))
                + " |");
      }
      rep.line("");
    }
  }

  private static void scaleDetails(Report rep, Map<?, ?> sm) {
    for (var e : sm.entrySet()) {
      if (!String.valueOf(e.getKey()).matches("\\d+")) {
        continue;
      }
      Object v = e.getValue();
      rep.line(
          "- "
              + e.getKey()
              + " cold: CPU seconds "
              + map(get(v, "cold", "cpuSeconds"))
              + "; Vantage calls "
              + s(get(v, "cold", "vantageCalls"))
              + "; API requests per credential "
              + map(get(v, "cold", "apiRequestsPerCredential"))
              + ".");
      rep.line(
          "- "
              + e.getKey()
              + " restart: API writes "
              + map(get(v, "restart", "apiWrites"))
              + "; Vantage calls "
              + s(get(v, "restart", "vantageCalls"))
              + "; CPU seconds "
              + map(get(v, "restart", "cpuSeconds"))
              + ".");
    }
    rep.line("");
  }

  static void idle(Report rep, Map<String, Object> r) {
    Object i = r.get("idle");
    if (i == null) {
      return;
    }
    rep.line("## 2. Idle cost");
    rep.line("");
    rep.line(
        "Operator restarted with leader election on, "
            + s(get(i, "credentials"))
            + " credentials (reverifyInterval 1h), measured for "
            + s(get(i, "measuredMinutes"))
            + " min after every credential was reconciled; writes from the API server's `apiserver_request_total` (all verbs but GET/LIST/WATCH), minus a baseline taken with the operator stopped (kwok node heartbeats, the API server's own lease). Load "
            + load(i)
            + ".");
    rep.line("");
    rep.line("| | per minute |");
    rep.line("|---|---|");
    rep.line(
        "| operator writes (not counting its Lease) | "
            + s(get(i, "operatorWritesPerMinuteExcludingLease"))
            + " |");
    rep.line(
        "| operator Lease renewals (leader election) | "
            + s(get(i, "operatorLeaseWritesPerMinute"))
            + " |");
    rep.line(
        "| writes to CostCredentials, Secrets, Events, Deployments in the window (absolute) | "
            + map(get(i, "credentialObjectWrites"))
            + " |");
    rep.line(
        "| reads of Secrets / CostCredentials | "
            + map(get(i, "readsPerMinuteOnOperatorResources"))
            + " |");
    rep.line("| reconciles | " + s(get(i, "reconcilesPerMinute")) + " |");
    rep.line("");
    rep.line(
        "Vantage: "
            + s(get(i, "vantageCallsInWindow"))
            + " calls in the window = **"
            + s(get(i, "vantageCallsPerHour"))
            + " per hour** (expected "
            + s(get(i, "expectedVantageCallsPerHour"))
            + "/h: one `/v2/me` per credential per reverifyInterval). Operator CPU: "
            + s(get(i, "operatorCpuPercentOfOneCore"))
            + " % of one core. Memory: "
            + map(get(i, "memory"))
            + ".");
    rep.line("");
  }

  static void emergency(Report rep, Map<String, Object> r) {
    Object e = r.get("emergency");
    if (e == null) {
      return;
    }
    rep.line("## 3. Emergency latency");
    rep.line("");
    rep.line(
        s(get(e, "samples"))
            + " sequential emergencies on different credentials (stores: "
            + s(get(e, "stores"))
            + "; restart target: "
            + s(get(e, "restartTargets"))
            + "), "
            + s(get(e, "backgroundCredentials"))
            + " other credentials loaded in the same operator. The clock starts before the"
            + " annotation PATCH. A store counts when the bench first saw the new token in it:"
            + " the Kubernetes Secret through a watch, OpenBao (KV v2 read) and moto"
            + " (GetSecretValue AWSCURRENT) read every "
            + s(get(e, "peerPollMs"))
            + " ms by threads started after the PATCH ("
            + s(get(e, "peerReads"))
            + " reads, "
            + s(get(e, "peerReadErrors"))
            + " errors). Load "
            + load(e)
            + ".");
    rep.line("");
    rep.line("| ms | p50 | p90 | p99 | max |");
    rep.line("|---|---|---|---|---|");
    row(rep, get(e, "latencyMs"), "**new token in all three stores and old token flagged**");
    row(rep, get(e, "newTokenInEveryStoreMs"), "new token in all three stores");
    row(rep, get(e, "newTokenSeenPerStoreMs", "kubernetesSecret"), "… in the Kubernetes Secret");
    row(rep, get(e, "newTokenSeenPerStoreMs", "openBao"), "… in OpenBao KV v2");
    row(rep, get(e, "newTokenSeenPerStoreMs", "secretsManager"), "… in moto Secrets Manager");
    row(rep, get(e, "oldTokenFlaggedMs"), "old token flagged (lastEmergencyRotation.revocation)");
    row(rep, get(e, "revocationRequiredConditionMs"), "RevocationRequired=True");
    row(rep, get(e, "rolloutWaitMs"), "then rollout wait until completedAt");
    row(rep, get(e, "completedIncludingRolloutMs"), "annotation → completedAt");
    rep.line("");
    Object problems = get(e, "problems");
    rep.line(
        "Checks (the three stores held the old token before and the same new token after,"
            + " `revocation` = AwaitingManualRevocation, RevocationRequired=True, no issued token"
            + " in any operator log): "
            + (problems instanceof List<?> l && !l.isEmpty() ? l.toString() : "all passed")
            + ".");
    rep.line("");
  }

  private static void row(Report rep, Object v, String label) {
    rep.line(
        "| "
            + label
            + " | "
            + s(get(v, "p50"))
            + " | "
            + s(get(v, "p90"))
            + " | "
            + s(get(v, "p99"))
            + " | "
            + s(get(v, "max"))
            + " |");
  }

  static void burst(Report rep, Map<String, Object> r) {
    Object b = r.get("burst");
    if (b == null) {
      return;
    }
    rep.line("## 4. Burst");
    rep.line("");
    rep.line(
        s(get(b, "rotations"))
            + " credentials annotated `costcred.io/rotate` at once (PATCHes took "
            + s(get(b, "annotateSeconds"))
            + " s), budget "
            + s(get(b, "hourlyBudget"))
            + "/h in the fake (window started afresh) and in the operator (`--vantage-hourly-budget`, restarted). Load "
            + load(b)
            + ".");
    rep.line("");
    rep.line("| | |");
    rep.line("|---|---|");
    rep.line("| completed | " + s(get(b, "completed")) + " |");
    rep.line(
        "| seconds until p50 / p90 / p99 / all completed | "
            + map(get(b, "completionSeconds"))
            + " |");
    rep.line("| HTTP 429 from the fake | " + s(get(b, "http429")) + " |");
    rep.line(
        "| Vantage calls (fake) / operator provider requests | "
            + s(get(b, "vantageCalls"))
            + " / "
            + s(get(b, "providerRequests"))
            + " |");
    rep.line(
        "| requests held back by the operator's budget | " + s(get(b, "rateLimitWaits")) + " |");
    rep.line(
        "| failed attempts (costcred_rotations_total outcome=Failed) | "
            + s(get(b, "failedAttempts"))
            + " |");
    rep.line("| state of each credential at the end | " + map(get(b, "states")) + " |");
    rep.line(
        "| API requests per completed rotation | " + map(get(b, "apiRequestsPerRotation")) + " |");
    rep.line("| CPU seconds | " + map(get(b, "cpuSeconds")) + " |");
    rep.line("");
  }

  @SuppressWarnings("unchecked")
  static void restart(Report rep, Map<String, Object> r) {
    Object x = r.get("restart");
    if (x == null) {
      return;
    }
    rep.line("## Restart: side by side with Stakater Reloader");
    rep.line("");
    rep.line(
        "Same cluster, same run. Each tool manages N Secrets, each read by a one-replica"
            + " Deployment; idle figures are measured over "
            + s(get(x, "idleSeconds"))
            + " s minus a baseline with neither running; latency is "
            + s(get(x, "samplesPerSize"))
            + " sequential samples per size, from the watch event of the new Secret data to the"
            + " watch event of the changed pod template. Reloader binary: `"
            + s(get(x, "reloaderBinary"))
            + "`.");
    rep.line("");
    if (get(x, "comparison") instanceof List<?> rows) {
      for (String l : RestartComparison.markdown((List<Map<String, Object>>) rows).split("\n")) {
        rep.line(l);
      }
    }
    if (get(x, "sizes") instanceof Map<?, ?> sizes) {
      sizes.forEach(
          (size, row) -> {
            for (String tool : List.of("reloader", "costcred")) {
              Object error = get(row, tool, "error");
              if (error != null) {
                rep.line("");
                rep.line("- " + tool + " at " + size + " objects: not measured: " + error);
              }
            }
          });
    }
    rep.line("");
  }

  static void budgetLoop(Report rep, Map<String, Object> r) {
    Object b = r.get("budgetLoop");
    if (b == null) {
      return;
    }
    rep.line("## Extra: re-verification with the budget spent");
    rep.line("");
    rep.line(
        s(get(b, "credentials"))
            + " credentials re-verify every "
            + s(get(b, "reverifyInterval"))
            + " with an operator budget of "
            + s(get(b, "operatorHourlyBudget"))
            + "/h, so some find it spent. Over "
            + s(get(b, "windowSeconds"))
            + " s: "
            + s(get(b, "reconcilesPerSecond"))
            + " reconciles/s, "
            + s(get(b, "budgetRefusalsPerSecond"))
            + " budget refusals/s, operator CPU "
            + s(get(b, "operatorCpuPercentOfOneCore"))
            + " % of a core, "
            + s(get(b, "vantageCallsInWindow"))
            + " Vantage calls.");
    rep.line("");
  }

  static void profiles(Report rep, Map<String, Object> r) {
    List<String[]> found = new ArrayList<>();
    if (r.get("scale") instanceof Map<?, ?> sm) {
      sm.forEach(
          (k, v) -> {
            if (get(v, "cold", "profile") != null) {
              found.add(new String[] {"scale " + k + " cold start", String.valueOf(k)});
            }
          });
    }
    if (get(r, "burst", "profile") != null) {
      found.add(new String[] {"burst", null});
    }
    if (found.isEmpty()) {
      return;
    }
    rep.line("## 5. Where the time goes (JFR, settings=profile)");
    rep.line("");
    for (String[] f : found) {
      Object p =
          f[1] == null ? get(r, "burst", "profile") : get(r, "scale", f[1], "cold", "profile");
      rep.line("### " + f[0]);
      rep.line("");
      rep.line(
          "Execution samples: "
              + s(get(p, "executionSamples"))
              + "; GC "
              + map(get(p, "gc"))
              + ".");
      rep.line("");
      for (String[] k :
          new String[][] {
            {"byPackageOfTopFrame", "CPU samples by package of the running frame"},
            {"firstOperatorFrame", "CPU samples by the innermost operator frame"},
            {"topInclusive", "methods on the stack (inclusive)"},
            {"topSelf", "running frame (self)"},
            {"allocationMiBByClass", "allocation (MiB, sampled weight)"},
            {"threadCpuShare", "CPU by thread"},
          }) {
        rep.line("- " + k[1] + ": " + map(get(p, k[0])));
      }
      rep.line("");
    }
  }
}
