package io.costcred.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emergency latency: annotation set -> new token in every store and the old token flagged (Vantage:
 * lastEmergencyRotation.revocation / RevocationRequired=True); the rollout wait (completedAt)
 * separately. Sequential, one credential after the other. Times are taken when the bench's watches
 * deliver the change.
 */
final class EmergencyPhase {
  static final String EMERGENCY = "costcred.io/emergency-rotation";
  private final Ctx ctx;

  EmergencyPhase(Ctx ctx) {
    this.ctx = ctx;
  }

  static Fixtures.Group group(int n) {
    return new Fixtures.Group("em", n, 2, 3, 3, false);
  }

  /** What the watches saw for the emergency in flight. */
  private static final class Await {
    final String name;
    final String reason;
    final String oldToken;
    final long t0;
    volatile long storeA;
    volatile long storeB;
    volatile long flagged;
    volatile long completed;
    volatile long conditionTrue;
    volatile String revocation;
    volatile String revocationRequired;
    volatile String newTokenA;
    volatile String newTokenB;

    boolean complete() {
      return storeA != 0 && storeB != 0 && flagged != 0 && completed != 0;
    }

    Await(String name, String reason, String oldToken, long t0) {
      this.name = name;
      this.reason = reason;
      this.oldToken = oldToken;
      this.t0 = t0;
    }
  }

  private volatile Await current;

  Map<String, Object> run() throws Exception {
    Fixtures.Group em = group(ctx.options.emergencies);
    Map<String, Object> out = new LinkedHashMap<>();
    Fixtures.Group background = setup(em);
    out.put("backgroundCredentials", background == null ? 0 : background.size());
    out.put("credentials", em.size());
    out.put("storesPerCredential", em.stores());
    out.put("restartTargets", em.deployments() + " shared Deployments (1 replica each, kwok)");
    String ns = em.namespaces().get(0);
    SharedIndexInformer<Secret> secrets =
        ctx.client.secrets().inNamespace(ns).inform(secretHandler());
    SharedIndexInformer<GenericKubernetesResource> creds =
        ctx.client
            .genericKubernetesResources(Fixtures.API_VERSION, Fixtures.KIND)
            .inNamespace(ns)
            .inform(credentialHandler());
    var window = ctx.probe.window();
    var cpu0 = ctx.cpu();
    Samples samples = new Samples();
    String run = Long.toString(System.currentTimeMillis(), 36);
    try {
      for (int i = 0; i < em.size(); i++) {
        String name = Fixtures.Group.credential(i);
        String old = token(secrets.getStore().getByKey(ns + "/" + name));
        String reason = "bench " + run + " #" + i + ": token pasted in a chat";
        Await a = new Await(name, reason, old, System.nanoTime());
        current = a;
        ctx.fixtures.annotate(
            ns, name, Map.of(EMERGENCY, reason, "costcred.io/requested-by", "bench"));
        await(a);
        samples.add(a);
        Thread.sleep(100);
      }
    } finally {
      current = null;
      secrets.close();
      creds.close();
    }
    out.putAll(samples.summary());
    out.put("cpuSeconds", Ctx.cpuDelta(cpu0, ctx.cpu()));
    out.put("load", window.summary());
    return out;
  }

  /** Creates the credentials; returns the group the same operator also watches, if any. */
  private Fixtures.Group setup(Fixtures.Group em) throws Exception {
    OperatorProcess op = ctx.operator;
    boolean watching =
        op != null && op.alive() && op.spec().namespaces().containsAll(em.namespaces());
    if (!watching) {
      ctx.ensureRotated(em, List.of());
      return null;
    }
    Fixtures.Group background = ctx.largestRotated();
    Bench.log(
        "emergency: creating "
            + em.size()
            + " credentials; the operator also watches "
            + (background == null ? 0 : background.size())
            + " others");
    ctx.fixtures.create(em);
    waitReady(em);
    ctx.rotated.add(em);
    return background;
  }

  /** Waits until the watches saw everything (or 30 s); the condition may follow completedAt. */
  private static void await(Await a) throws InterruptedException {
    long deadline = a.t0 + 30_000_000_000L;
    while (!a.complete() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    long conditionDeadline = System.nanoTime() + 5_000_000_000L;
    while (a.complete() && a.conditionTrue == 0 && System.nanoTime() < conditionDeadline) {
      Thread.sleep(2);
    }
  }

  /** The measured emergencies. */
  private static final class Samples {
    final List<Double> latency = new ArrayList<>();
    final List<Double> stores = new ArrayList<>();
    final List<Double> flags = new ArrayList<>();
    final List<Double> completions = new ArrayList<>();
    final List<Double> rollout = new ArrayList<>();
    final List<Double> conditions = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    void add(Await a) {
      if (!a.complete()) {
        problems.add(
            a.name
                + ": timed out (stores "
                + (a.storeA != 0)
                + "/"
                + (a.storeB != 0)
                + ", flagged "
                + (a.flagged != 0)
                + ", completed "
                + (a.completed != 0)
                + ")");
        return;
      }
      long storesAt = Math.max(a.storeA, a.storeB);
      long doneAt = Math.max(storesAt, a.flagged);
      latency.add(Stats.millisSince(a.t0, doneAt));
      stores.add(Stats.millisSince(a.t0, storesAt));
      flags.add(Stats.millisSince(a.t0, a.flagged));
      completions.add(Stats.millisSince(a.t0, a.completed));
      rollout.add(Stats.millisSince(doneAt, Math.max(doneAt, a.completed)));
      if (a.conditionTrue != 0) {
        conditions.add(Stats.millisSince(a.t0, a.conditionTrue));
      }
      check(a, problems);
    }

    Map<String, Object> summary() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("samples", latency.size());
      out.put("latencyMs", Stats.summary(latency, 1));
      out.put("newTokenInEveryStoreMs", Stats.summary(stores, 1));
      out.put("oldTokenFlaggedMs", Stats.summary(flags, 1));
      out.put("revocationRequiredConditionMs", Stats.summary(conditions, 1));
      out.put("completedIncludingRolloutMs", Stats.summary(completions, 1));
      out.put("rolloutWaitMs", Stats.summary(rollout, 1));
      out.put("latencySamplesMs", latency);
      out.put("problems", problems);
      return out;
    }
  }

  private void waitReady(Fixtures.Group g) throws InterruptedException {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (ctx.fixtures.countReady(g) < g.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("emergency credentials did not become Ready");
      }
      Thread.sleep(1000);
    }
  }

  private static void check(Await a, List<String> problems) {
    if (a.newTokenA == null || !a.newTokenA.equals(a.newTokenB)) {
      problems.add(a.name + ": the two stores hold different tokens");
    }
    if (!"AwaitingManualRevocation".equals(a.revocation) && !"RevokedByApi".equals(a.revocation)) {
      problems.add(a.name + ": lastEmergencyRotation.revocation = " + a.revocation);
    }
    if (a.conditionTrue == 0) {
      problems.add(a.name + ": RevocationRequired never became True");
    }
    if (a.oldToken == null) {
      problems.add(a.name + ": the store had no token before the emergency");
    }
  }

  private static String token(Secret s) {
    if (s == null || s.getData() == null || s.getData().get("token") == null) {
      return null;
    }
    return new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8);
  }

  private ResourceEventHandler<Secret> secretHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret s) {
        onUpdate(null, s);
      }

      @Override
      public void onUpdate(Secret before, Secret s) {
        long now = System.nanoTime();
        Await a = current;
        if (a == null) {
          return;
        }
        String n = s.getMetadata().getName();
        String t = token(s);
        if (t == null || t.equals(a.oldToken)) {
          return;
        }
        if (n.equals(a.name) && a.storeA == 0) {
          a.newTokenA = t;
          a.storeA = now;
        } else if (n.equals(a.name + "-b") && a.storeB == 0) {
          a.newTokenB = t;
          a.storeB = now;
        }
      }

      @Override
      public void onDelete(Secret s, boolean unknown) {}
    };
  }

  private ResourceEventHandler<GenericKubernetesResource> credentialHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource r) {
        onUpdate(null, r);
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource r) {
        long now = System.nanoTime();
        Await a = current;
        if (a == null || !a.name.equals(r.getMetadata().getName())) {
          return;
        }
        if (!a.reason.equals(Fixtures.path(r, "status", "handledEmergencyRequest"))) {
          return;
        }
        Object revocation = Fixtures.path(r, "status", "lastEmergencyRotation", "revocation");
        String required = Fixtures.condition(r, "RevocationRequired");
        if (a.flagged == 0 && revocation != null) {
          a.revocation = String.valueOf(revocation);
          a.revocationRequired = required;
          a.flagged = now;
        }
        if (a.conditionTrue == 0 && "True".equals(required)) {
          a.conditionTrue = now;
        }
        if (a.completed == 0
            && Fixtures.path(r, "status", "lastEmergencyRotation", "completedAt") != null) {
          a.revocationRequired = required;
          a.completed = now;
        }
      }

      @Override
      public void onDelete(GenericKubernetesResource r, boolean unknown) {}
    };
  }
}
