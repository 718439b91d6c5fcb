package io.costcred.bench;

import io.costcred.bench.EmergencySamples.Emergency;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Emergency latency: annotation PATCH -> the new token in every store (a Kubernetes Secret, seen
 * through a watch; an OpenBao KV v2 secret and a moto Secrets Manager secret, read directly every
 * {@value #POLL_MS} ms) and the old token flagged (Vantage has no revoke API:
 * lastEmergencyRotation.revocation / RevocationRequired=True); the rollout wait (completedAt)
 * separately. Sequential, one credential after the other.
 */
final class EmergencyPhase {
  static final String EMERGENCY = "costcred.io/emergency-rotation";

  /** Pause between two reads of the same peer while an emergency is in flight. */
  static final int POLL_MS = 10;

  private static final long TIMEOUT_NANOS = 30_000_000_000L;
  private final Ctx ctx;
  private final AtomicInteger pollErrors = new AtomicInteger();
  private final AtomicInteger polls = new AtomicInteger();
  private volatile Emergency current;

  EmergencyPhase(Ctx ctx) {
    this.ctx = ctx;
  }

  /** One Kubernetes Secret, one OpenBao and one moto store each; 3 shared Deployments. */
  static Fixtures.Group group(int n) {
    return new Fixtures.Group("em", n, 1, 3, 3, false, "1h", true, Fixtures.PER_NAMESPACE);
  }

  Map<String, Object> run() throws Exception {
    if (ctx.peers == null) {
      throw new IllegalStateException("the emergency phase needs OpenBao and moto");
    }
    Fixtures.Group em = group(ctx.options.emergencies);
    Map<String, Object> out = new LinkedHashMap<>();
    Fixtures.Group background = setup(em);
    out.put("backgroundCredentials", background == null ? 0 : background.size());
    out.put("credentials", em.size());
    out.put(
        "stores",
        "Kubernetes Secret (watch), OpenBao KV v2 (Vault token auth from a Secret), moto Secrets"
            + " Manager (static keys from a Secret, endpoint override)");
    out.put("peerPollMs", POLL_MS);
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
    EmergencySamples samples = new EmergencySamples();
    ExecutorService pollers = Executors.newFixedThreadPool(2);
    String run = Long.toString(System.currentTimeMillis(), 36);
    try {
      for (int i = 0; i < em.size(); i++) {
        samples.add(emergency(ns, i, run, secrets, pollers));
        Thread.sleep(100);
      }
    } finally {
      current = null;
      pollers.shutdownNow();
      secrets.close();
      creds.close();
    }
    out.putAll(samples.summary());
    out.put("peerReads", polls.get());
    out.put("peerReadErrors", pollErrors.get());
    out.put("cpuSeconds", Ctx.cpuDelta(cpu0, ctx.cpu()));
    out.put("load", window.summary());
    return out;
  }

  /** One emergency: PATCH, then poll the peers until they serve a new token; wait for the rest. */
  private Emergency emergency(
      String ns, int i, String run, SharedIndexInformer<Secret> secrets, ExecutorService pollers)
      throws Exception {
    String name = Fixtures.Group.credential(i);
    String old = token(secrets.getStore().getByKey(ns + "/" + name));
    String vaultPath = Fixtures.Group.vaultPath(ns, name);
    String secretId = Fixtures.Group.awsSecretId(ns, name);
    boolean agree =
        old != null
            && old.equals(ctx.peers.openBao.read(vaultPath, "token"))
            && old.equals(ctx.peers.moto.current(secretId, "token"));
    String reason = "bench " + run + " #" + i + ": token pasted in a chat";
    Emergency a = new Emergency(name, reason, old, System.nanoTime());
    a.storesAgreedBefore = agree;
    current = a;
    ctx.fixtures.annotate(ns, name, Map.of(EMERGENCY, reason, "costcred.io/requested-by", "bench"));
    List<Future<?>> polling = new ArrayList<>();
    polling.add(pollers.submit(() -> poll(a, 1, () -> ctx.peers.openBao.read(vaultPath, "token"))));
    polling.add(pollers.submit(() -> poll(a, 2, () -> ctx.peers.moto.current(secretId, "token"))));
    await(a);
    polling.forEach(f -> f.cancel(true));
    return a;
  }

  /** A read of one peer store. */
  private interface Read {
    String value() throws IOException, InterruptedException;
  }

  /** Reads one peer every POLL_MS until it serves a token other than the old one, or timeout. */
  private void poll(Emergency a, int store, Read read) {
    while (current == a && System.nanoTime() - a.t0 < TIMEOUT_NANOS) {
      try {
        String v = read.value();
        long now = System.nanoTime();
        polls.incrementAndGet();
        if (a.saw(store, v, now)) {
          return;
        }
      } catch (IOException e) {
        pollErrors.incrementAndGet();
      } catch (InterruptedException e) {
        return; // the emergency is over (cancelled)
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Creates the credentials; returns the group the same operator also watches, if any. */
  private Fixtures.Group setup(Fixtures.Group em) throws Exception {
    BenchOperator op = ctx.operator;
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

  /** Waits until everything was seen (or 30 s); the condition may follow completedAt. */
  private static void await(Emergency a) throws InterruptedException {
    long deadline = a.t0 + TIMEOUT_NANOS;
    while (!a.complete() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    long conditionDeadline = System.nanoTime() + 5_000_000_000L;
    while (a.complete() && a.conditionTrue == 0 && System.nanoTime() < conditionDeadline) {
      Thread.sleep(2);
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
        Emergency a = current;
        if (a != null && s.getMetadata().getName().equals(a.name)) {
          a.saw(0, token(s), now);
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
        Emergency a = current;
        if (a == null
            || !a.name.equals(r.getMetadata().getName())
            || !a.reason.equals(Fixtures.path(r, "status", "handledEmergencyRequest"))) {
          return;
        }
        Object revocation = Fixtures.path(r, "status", "lastEmergencyRotation", "revocation");
        if (a.flagged == 0 && revocation != null) {
          a.revocation = String.valueOf(revocation);
          a.flagged = now;
        }
        if (a.conditionTrue == 0 && "True".equals(Fixtures.condition(r, "RevocationRequired"))) {
          a.conditionTrue = now;
        }
        if (a.completed == 0
            && Fixtures.path(r, "status", "lastEmergencyRotation", "completedAt") != null) {
          a.completed = now;
        }
      }

      @Override
      public void onDelete(GenericKubernetesResource r, boolean unknown) {}
    };
  }
}
