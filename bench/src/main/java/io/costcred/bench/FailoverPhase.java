package io.costcred.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failover: two operator processes with leader election; the idle leader's Lease writes per minute,
 * then SIGKILL of the leader and the time until the standby holds the Lease and until it has
 * carried out a rotation requested right after the kill. Once per lease setting.
 */
final class FailoverPhase {
  static final String LEASE = "costcred-operator-leader"; // the operator's --lease-name default
  private final Ctx ctx;

  FailoverPhase(Ctx ctx) {
    this.ctx = ctx;
  }

  Map<String, Object> run() throws Exception {
    int n = ctx.options.failoverCredentials;
    Fixtures.Group g = new Fixtures.Group("failover", n, 1, 0, 3, false);
    ctx.ensureRotated(g, List.of()); // first rotations by an operator without leader election
    ctx.stopOperator();
    var window = ctx.probe.window();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("credentials", n);
    out.put("idleSeconds", ctx.options.failoverIdleSeconds);
    List<Object> settings = new ArrayList<>();
    int round = 0;
    for (LeaseTiming t : ctx.options.failoverLeases) {
      settings.add(setting(g, t, round++));
    }
    out.put("settings", settings);
    out.put("load", window.summary());
    return out;
  }

  private Resource<Lease> lease() {
    return ctx.client
        .resources(Lease.class)
        .inNamespace(Fixtures.OPERATOR_NAMESPACE)
        .withName(LEASE);
  }

  private String holder() {
    Lease l = lease().get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }

  private BenchOperator start(Fixtures.Group g, LeaseTiming t, String name) {
    BenchOperator op =
        BenchOperator.start(
            ctx.options,
            ctx.cluster.kubeconfig(),
            ctx.workDir,
            new BenchOperator.Spec(
                name,
                ctx.options.scaleBudget,
                ctx.options.reconcileThreads,
                true,
                g.namespaces(),
                false),
            t.operatorArgs());
    ctx.operatorLogs.add(op.logFile());
    return op;
  }

  private Map<String, Object> setting(Fixtures.Group g, LeaseTiming t, int round) throws Exception {
    Bench.log("failover " + t.label() + ": two operators, leader election on");
    lease().delete(); // a Lease left by the previous setting would delay the first leader
    String prefix = "failover-" + round + "-";
    BenchOperator a = start(g, t, prefix + "a");
    BenchOperator b = null;
    try {
      waitFor(() -> a.identity().equals(holder()), 120, "operator a to take the Lease");
      IdlePhase.waitReconciled(a, g.size());
      BenchOperator standby = start(g, t, prefix + "b");
      b = standby;
      waitFor(standby::healthy, 120, "operator b to serve /healthz");
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("setting", t.label());
      out.put("leaseRetryPeriodSeconds", t.retrySeconds());
      out.put("leaseRenewDeadlineSeconds", t.renewDeadlineSeconds());
      out.put("leaseDurationSeconds", t.durationSeconds());
      out.putAll(idleLeaseWrites(t));
      out.putAll(killLeader(g, t, a, standby));
      Bench.log("failover " + t.label() + ": " + out);
      return out;
    } finally {
      a.close();
      if (b != null) {
        b.close();
      }
    }
  }

  /** Lease writes with a leader and a standby running, counted by a watch on the Lease. */
  private Map<String, Object> idleLeaseWrites(LeaseTiming t) throws InterruptedException {
    AtomicInteger writes = new AtomicInteger();
    int seconds = ctx.options.failoverIdleSeconds;
    Bench.log("failover " + t.label() + ": counting Lease writes for " + seconds + " s");
    long t0;
    try (Watch w =
        lease()
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Lease resource) {
                    if (action == Action.MODIFIED) {
                      writes.incrementAndGet();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("leaseWritesPerMinute", Stats.round(writes.get() / minutes, 1));
    out.put("expectedLeaseWritesPerMinute", Stats.round(t.expectedWritesPerMinute(), 1));
    return out;
  }

  /**
   * SIGKILL of the leader, then a rotation request on one credential; polls the Lease and the
   * credential every 50 ms.
   */
  private Map<String, Object> killLeader(
      Fixtures.Group g, LeaseTiming t, BenchOperator leader, BenchOperator standby)
      throws InterruptedException {
    String ns = g.namespaceOf(0);
    String name = Fixtures.Group.credential(0);
    long rev0 = revision(credential(ns, name));
    String value = "failover-" + Long.toString(System.currentTimeMillis(), 36);
    Bench.log("failover " + t.label() + ": SIGKILL of the leader (pid " + leader.pid() + ")");
    long t0 = System.nanoTime();
    leader.kill();
    ctx.fixtures.annotate(ns, name, Map.of(BurstPhase.ROTATE, value));
    double annotatedAt = (System.nanoTime() - t0) / 1e9;
    double leaseAt = Double.NaN;
    double rotatedAt = Double.NaN;
    double limit = t.durationSeconds() + t.retrySeconds() + 120;
    while ((System.nanoTime() - t0) / 1e9 < limit
        && (Double.isNaN(leaseAt) || Double.isNaN(rotatedAt))) {
      double now = (System.nanoTime() - t0) / 1e9;
      if (Double.isNaN(leaseAt) && standby.identity().equals(holder())) {
        leaseAt = now;
      }
      GenericKubernetesResource r = credential(ns, name);
      if (Double.isNaN(rotatedAt)
          && value.equals(Fixtures.path(r, "status", "handledRotateRequest"))
          && revision(r) > rev0
          && Fixtures.path(r, "status", "rotation") == null) {
        rotatedAt = now;
      }
      Thread.sleep(50);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rotationRequestedAfterSeconds", Stats.round(annotatedAt, 2));
    out.put("killToStandbyHoldsLeaseSeconds", Stats.round(leaseAt, 1));
    out.put("killToRotationDoneSeconds", Stats.round(rotatedAt, 1));
    out.put("standbyAlive", standby.alive());
    return out;
  }

  private GenericKubernetesResource credential(String ns, String name) {
    return ctx.client
        .genericKubernetesResources(Fixtures.API_VERSION, Fixtures.KIND)
        .inNamespace(ns)
        .withName(name)
        .get();
  }

  private static long revision(GenericKubernetesResource r) {
    return r != null && Fixtures.path(r, "status", "revision") instanceof Number n
        ? n.longValue()
        : -1;
  }

  /** A condition to wait for. */
  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check c, int seconds, String what) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!c.ok()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
