package io.costcred.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Command-line flags of the bench. Every flag has a default that fits the 20-minute budget. */
final class Options {
  static final String USAGE =
      """
      Usage: java -jar bench/target/costcred-bench.jar [flags]   (or: make bench BENCH_ARGS="...")

        --phases LIST          scale,writerate,idle,emergency,burst,restart (default all);
                               scale1k / scale10k also select the sizes. Phases always run in
                               that order. Opt-in extra: budgetloop (what re-verification does
                               when the shared Vantage budget is spent; 3 min); failover
                               (leader election: Lease writes idle, SIGKILL of the leader)
        --sizes LIST           CostCredential counts for the scale phase (default 1000,10000)
        --repo DIR             repository root (default: found from the working directory)
        --operator-jar FILE    operator jar (default <repo>/operator/target/costcred-operator.jar)
        --operator-jvm-flags S JVM flags for the operator (default: %s)
        --operator-java FILE   java binary for the operator process (default: the bench's own,
                               e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java for Java 25)
        --cluster-dir DIR      state dir of the bench's own cluster (default /tmp/costcred-bench-cluster)
        --keep-cluster         leave the cluster running at the end (default: stop it)
        --reuse-cluster        keep the objects of an earlier run (default: fresh etcd)
        --out DIR              results directory (default <repo>/bench/results)
        --scale-budget N       Vantage hourly budget (fake and operator) for setup, scale and
                               idle; 10,000 first rotations do not fit Vantage's 1,000 (default 100000)
        --cold-rotation-max N  sizes up to N start cold with every credential needing its first
                               rotation; larger sizes start with a working token in each store
                               Secret, which the operator adopts (default 1000; 10k first
                               rotations take ~20-30 min on 2 cores)
        --reconcile-threads N  operator --reconcile-threads (default 10, the operator's default)
        --emergencies N        sequential emergency rotations to sample (default 60); each
                               credential publishes to a Kubernetes Secret, OpenBao and moto,
                               which the bench starts on 127.0.0.1 from ~/.cache/costcred
        --burst N              rotations falling due at once (default 1000)
        --burst-timeout S      longest wait for the burst to finish (default 300)
        --burst-budget N       Vantage hourly budget (fake and operator) in the burst
                               (default 1000, Vantage's account limit)
        --idle-seconds S       length of the idle measurement window (default 150)
        --baseline-seconds S   writes measured with the operator stopped, subtracted (default 30)
        --parallel N           concurrent requests when creating objects (default 32)
        --restart-sizes LIST   managed objects (Secret + Deployment reading it) for the restart
                               phase, side by side with Reloader (default 1000,5000)
        --restart-samples N    sequential restart-latency samples per size and tool (default 40)
        --restart-per-namespace N
                               objects per namespace in the restart phase (default 1000); the
                               operator watches the group's namespaces, one informer each
                               (docs/performance.md, section 6)
        --restart-idle-seconds S  idle window per size and tool, memory read at its end
                               (default 180)
        --heap-dump-dir DIR    the restart phase also writes a heap dump of the operator's live
                               objects at each size (DIR/costcred-<size>.hprof; large, keep it
                               out of the repository)
        --reloader-bin FILE    Stakater Reloader binary for the restart phase (default
                               $RELOADER_BIN, else the newest one hack/build-reloader.sh built
                               under ~/.cache/costcred/reloader/); without one, or with
                               "none", the phase measures the operator alone
        --writerate-writers LIST  concurrent writers per write-rate point (default 1,4,16,64)
        --writerate-seconds S  length of each write-rate point (default 10)
        --failover-leases LIST lease settings RETRY/RENEW-DEADLINE/DURATION seconds, one
                               failover each (default 2/10/15,10/30/45)
        --failover-credentials N  credentials the two operators of the failover watch (default 20)
        --failover-idle-seconds S  window for the idle Lease writes (default 60)
        --no-jfr               do not record JFR profiles
        --label TEXT           free text stored with the results (e.g. "baseline", "patched")
        --render DIR           only write results.md and the charts again from DIR/results.json
                               (after a change to the report); runs nothing
      """;

  /**
   * The chart's jvmOptions (helm/costcred-operator/values.yaml) in a pod with the chart's 384Mi
   * memory limit: -XX:MaxRAM stands in for the container limit the JVM would see.
   */
  static final String DEFAULT_JVM_FLAGS =
      "-XX:MaxRAM=384m -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -Xmn16m -XX:MinHeapFreeRatio=10"
          + " -XX:MaxHeapFreeRatio=30 -XX:-ShrinkHeapInSteps -XX:MarkSweepDeadRatio=0"
          + " -XX:TrimNativeHeapInterval=10000"
          + " -Djdk.nio.maxCachedBufferSize=262144 -Xss512k -XX:MaxMetaspaceSize=128m"
          + " -XX:ReservedCodeCacheSize=48m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";

  static final List<String> PHASES =
      List.of(
          "scale", "writerate", "idle", "emergency", "burst", "restart", "budgetloop", "failover");
  Set<String> phases =
      new LinkedHashSet<>(List.of("scale", "writerate", "idle", "emergency", "burst", "restart"));
  List<Integer> sizes = new ArrayList<>(List.of(1000, 10000));
  Path repo;
  Path operatorJar;
  String operatorJvmFlags = DEFAULT_JVM_FLAGS;
  Path operatorJava;
  Path clusterDir = Path.of("/tmp/costcred-bench-cluster");
  boolean keepCluster;
  boolean reuseCluster;
  Path out;
  int scaleBudget = 100_000;
  int coldRotationMax = 1000;
  int reconcileThreads = 10;
  int emergencies = 60;
  int burst = 1000;
  int burstTimeoutSeconds = 300;
  int burstBudget = 1000;
  int idleSeconds = 150;
  int baselineSeconds = 30;
  int parallel = 32;
  List<Integer> restartSizes = new ArrayList<>(List.of(1000, 5000));
  int restartSamples = 40;
  int restartPerNamespace = Fixtures.PER_NAMESPACE;

  /**
   * The operator compacts its heap within ~2 minutes after a burst (D54, at most every 4 periods of
   * 30 s), and Go's runtime returns Reloader's freed memory over minutes: a shorter window reads
   * either tool's burst, not its idle memory.
   */
  int restartIdleSeconds = 180;

  Path reloaderBin;
  Path heapDumpDir;
  boolean withoutReloader;
  List<Integer> writeRateWriters = new ArrayList<>(List.of(1, 4, 16, 64));
  int writeRateSeconds = 10;
  List<LeaseTiming> failoverLeases = LeaseTiming.parseList("2/10/15,10/30/45");
  int failoverCredentials = 20;
  int failoverIdleSeconds = 60;
  boolean jfr = true;
  String label = "";
  Path render;

  static Options parse(String[] args) {
    Options o = new Options();
    boolean sizesGiven = false;
    List<Integer> sizesFromPhases = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        v = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "--help", "-h" -> throw new UsageException(null);
        case "--keep-cluster" -> o.keepCluster = true;
        case "--reuse-cluster" -> o.reuseCluster = true;
        case "--no-jfr" -> o.jfr = false;
        default -> {
          if (v == null) {
            if (i + 1 >= args.length) {
              throw new UsageException("missing value for " + a);
            }
            v = args[++i];
          }
          sizesGiven |= o.set(a, v, sizesFromPhases);
        }
      }
    }
    if (!sizesGiven && !sizesFromPhases.isEmpty()) {
      o.sizes = sizesFromPhases;
    }
    o.repo = o.repo == null ? findRepo() : o.repo.toAbsolutePath().normalize();
    if (o.operatorJar == null) {
      o.operatorJar = o.repo.resolve("operator/target/costcred-operator.jar");
    }
    if (o.out == null) {
      o.out = o.repo.resolve("bench/results");
    }
    return o;
  }

  private boolean set(String flag, String v, List<Integer> sizesFromPhases) {
    switch (flag) {
      case "--phases" -> phases = phases(v, sizesFromPhases);
      case "--sizes" -> {
        sizes = new ArrayList<>();
        for (String s : v.split(",")) {
          sizes.add(count(s));
        }
        return true;
      }
      case "--repo" -> repo = Path.of(v);
      case "--operator-jar" -> operatorJar = Path.of(v).toAbsolutePath();
      case "--operator-jvm-flags" -> operatorJvmFlags = v;
      case "--operator-java" -> operatorJava = Path.of(v).toAbsolutePath();
      case "--cluster-dir" -> clusterDir = Path.of(v).toAbsolutePath();
      case "--out" -> out = Path.of(v).toAbsolutePath();
      case "--scale-budget" -> scaleBudget = Integer.parseInt(v);
      case "--cold-rotation-max" -> coldRotationMax = count(v);
      case "--reconcile-threads" -> reconcileThreads = Integer.parseInt(v);
      case "--emergencies" -> emergencies = Integer.parseInt(v);
      case "--burst" -> burst = Integer.parseInt(v);
      case "--burst-timeout" -> burstTimeoutSeconds = Integer.parseInt(v);
      case "--burst-budget" -> burstBudget = Integer.parseInt(v);
      case "--idle-seconds" -> idleSeconds = Integer.parseInt(v);
      case "--baseline-seconds" -> baselineSeconds = Integer.parseInt(v);
      case "--parallel" -> parallel = Integer.parseInt(v);
      case "--restart-sizes" -> {
        restartSizes = new ArrayList<>();
        for (String x : v.split(",")) {
          restartSizes.add(count(x));
        }
      }
      case "--restart-samples" -> restartSamples = Integer.parseInt(v);
      case "--restart-per-namespace" -> restartPerNamespace = count(v);
      case "--restart-idle-seconds" -> restartIdleSeconds = Integer.parseInt(v);
      case "--heap-dump-dir" -> heapDumpDir = Path.of(v).toAbsolutePath();
      case "--reloader-bin" -> {
        withoutReloader = v.equals("none");
        reloaderBin = withoutReloader ? null : Path.of(v).toAbsolutePath();
      }
      case "--writerate-writers" -> {
        writeRateWriters = new ArrayList<>();
        for (String x : v.split(",")) {
          writeRateWriters.add(count(x));
        }
      }
      case "--writerate-seconds" -> writeRateSeconds = Integer.parseInt(v);
      case "--failover-leases" -> failoverLeases = LeaseTiming.parseList(v);
      case "--failover-credentials" -> failoverCredentials = count(v);
      case "--failover-idle-seconds" -> failoverIdleSeconds = Integer.parseInt(v);
      case "--label" -> label = v;
      case "--render" -> render = Path.of(v);
      default -> throw new UsageException("unknown flag " + flag);
    }
    return false;
  }

  private static Set<String> phases(String v, List<Integer> sizesFromPhases) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : v.split(",")) {
      String p = raw.trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("scale") && p.length() > "scale".length()) {
        sizesFromPhases.add(count(p.substring("scale".length())));
        p = "scale";
      }
      if (!PHASES.contains(p)) {
        throw new UsageException("unknown phase " + raw);
      }
      out.add(p);
    }
    // Fixed order: idle measures before the emergency phase adds credentials awaiting revocation.
    Set<String> ordered = new LinkedHashSet<>();
    for (String p : PHASES) {
      if (out.contains(p)) {
        ordered.add(p);
      }
    }
    return ordered;
  }

  /** "1000", "1k", "10k". */
  static int count(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("k")) {
      return Integer.parseInt(t.substring(0, t.length() - 1)) * 1000;
    }
    return Integer.parseInt(t);
  }

  private static Path findRepo() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.exists(p.resolve("hack/cluster.sh")) && Files.exists(p.resolve("crds"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new UsageException("run from inside the repository, or pass --repo");
  }

  /** Bad flags: print the usage. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
