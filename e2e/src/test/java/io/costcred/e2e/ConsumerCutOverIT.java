package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.E2eEnv;
import io.costcred.e2e.support.Maps;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.testsupport.OperatorProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12 end to end, operator as its own process under the chart's RBAC: a Deployment and a bare
 * Pod that read the store Secret but are not restart targets are found by the informers and named
 * before any revocation; the scheduled revocation of the old token is held while they run on it and
 * goes on once they are cut over. A second test measures the time from publishing a token to "every
 * consumer cut over" with informer events and with the 2 s poll.
 */
class ConsumerCutOverIT {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerCutOverIT.class);
  private static final String SECRET = E2eEnv.NAME; // the sample's store Secret
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final int ROTATIONS = 5;

  @Test
  void unlistedConsumersAreNamedAndHoldTheScheduledRevocationUntilTheyAreCutOver()
      throws Exception {
    try (E2eEnv env = E2eEnv.create("consumer-cutover")) {
      List<String> tokens = List.of(env.issue("t1"), env.issue("t2"), env.issue("t3"));
      env.consumers(null);
      reporter(env, "reporter");
      barePod(env, "debug-shell");
      env.pool(tokens);
      env.credential(ConsumerCutOverIT::shortGrace, Map.of());
      OperatorProcess op = env.startOperator("op-" + Long.toString(System.nanoTime(), 36), null);
      env.await("health endpoint ready", Duration.ofSeconds(60), op::ready);

      Cr first =
          env.awaitCr(
              "initial rotation and the unlisted consumers reported",
              Duration.ofSeconds(120),
              c -> c.revision() == 1 && !c.rotating() && unlisted(c).size() == 3);
      assertThat(unlisted(first))
          .containsExactlyInAnyOrder(
              "CronJob finfocus-vantage-sync", "Deployment reporter", "Pod debug-shell");
      assertThat(first.conditionReason("UnlistedConsumers")).isEqualTo("ConsumersNotRestarted");
      assertThat(first.condition("UnlistedConsumers").orElseThrow().path("message").asText())
          .contains("Deployment reporter", "Pod debug-shell");
      // The Event follows the status write that the await saw: wait for it, do not race it.
      env.await(
          "Event UnlistedConsumers",
          Duration.ofSeconds(30),
          () -> env.eventReasons().contains("UnlistedConsumers"));
      assertThat(consumer(first, "finfocus-vantage").path("restart").asText()).isEqualTo("Target");

      env.annotate(Annotations.ROTATE, "second");
      Cr held =
          env.awaitCr(
              "second rotation done and the old token's revocation held",
              Duration.ofSeconds(120),
              c -> c.revision() == 2 && held(c));
      JsonNode pr = held.pendingRevocations().get(0);
      assertThat(pr.path("heldReason").asText()).isEqualTo("OldCredentialInUse");
      assertThat(pr.path("heldBy").asText()).contains("Deployment reporter", "Pod debug-shell");
      assertThat(pr.path("cutOverAt").isMissingNode()).as("pods still on the old token").isTrue();
      assertThat(held.conditionStatus("RevocationHeld")).isEqualTo("True");
      assertThat(held.conditionStatus("RevocationRequired"))
          .as("no admin is asked to revoke a token pods still use")
          .isNotEqualTo("True");
      assertThat(env.vantage.isRevoked(tokens.get(0))).isFalse();
      assertThat(consumer(held, "reporter").path("podsOld").asInt()).isEqualTo(1);
      // The Event follows the status write that the await saw: wait for it, do not race it.
      env.await(
          "Event RevocationHeld",
          Duration.ofSeconds(30),
          () -> env.eventReasons().contains("RevocationHeld"));

      // The team cuts its consumers over: a rollout restart and a new debug pod.
      restartReporter(env);
      env.admin.pods().inNamespace(env.namespace).withName("debug-shell").delete();
      barePod(env, "debug-shell-2");
      Cr proceeded =
          env.awaitCr(
              "the revocation goes on once no pod holds the old token",
              Duration.ofSeconds(120),
              c ->
                  !c.pendingRevocations().isEmpty()
                      && "AwaitingManualRevocation"
                          .equals(c.pendingRevocations().get(0).path("state").asText()));
      JsonNode done = proceeded.pendingRevocations().get(0);
      assertThat(done.path("cutOverAt").asText()).isNotEmpty();
      assertThat(done.path("heldBy").isMissingNode()).isTrue();
      assertThat(proceeded.conditionStatus("RevocationRequired")).isEqualTo("True");
      assertThat(consumer(proceeded, "reporter").path("podsOld").asInt()).isZero();
      // The Event follows the status write that the await saw: wait for it, do not race it.
      env.await(
          "Event ConsumersCutOver",
          Duration.ofSeconds(30),
          () -> env.eventReasons().contains("ConsumersCutOver"));
      env.assertNoLeaks();
    }
  }

  @Test
  void anArgoRolloutTargetIsRestartedThroughRestartAtAndWaitedFor() throws Exception {
    try (E2eEnv env = E2eEnv.create("rollout-target")) {
      List<String> tokens = List.of(env.issue("t1"), env.issue("t2"));
      env.consumers(null);
      rollout(env, "rollout-consumer");
      env.pool(tokens);
      env.credential(
          spec -> {
            shortGrace(spec);
            @SuppressWarnings("unchecked")
            List<Object> targets = (List<Object>) spec.get("restartTargets");
            targets.add(Map.of("kind", "Rollout", "name", "rollout-consumer"));
          },
          Map.of());
      OperatorProcess op = env.startOperator("op-" + Long.toString(System.nanoTime(), 36), null);
      env.await("health endpoint ready", Duration.ofSeconds(60), op::ready);
      Cr done =
          env.awaitCr(
              "initial rotation through the Rollout",
              Duration.ofSeconds(120),
              c -> c.revision() == 1 && !c.rotating());
      var r =
          env.admin
              .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
              .inNamespace(env.namespace)
              .withName("rollout-consumer")
              .get();
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
      @SuppressWarnings("unchecked")
      Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties().get("status");
      Instant restartAt = Instant.parse((String) spec.get("restartAt"));
      assertThat(r.getMetadata().getAnnotations())
          .containsEntry(Annotations.fingerprintKey(E2eEnv.NAME), done.currentFingerprint());
      assertThat(status.get("restartedAt")).as("waited for").isEqualTo(spec.get("restartAt"));
      assertThat(status.get("phase")).isEqualTo("Healthy");
      Instant completed = Instant.parse(done.history().get(0).path("completedAt").asText());
      assertThat(completed).isAfterOrEqualTo(restartAt.minusSeconds(1));
      List<Pod> pods =
          env
              .admin
              .pods()
              .inNamespace(env.namespace)
              .withLabel("app", "rollout-consumer")
              .list()
              .getItems()
              .stream()
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .toList();
      assertThat(pods).hasSize(2);
      assertThat(pods)
          .allSatisfy(
              p ->
                  assertThat(Instant.parse(p.getMetadata().getCreationTimestamp()))
                      .isAfterOrEqualTo(restartAt));
      JsonNode c = consumer(done, "rollout-consumer");
      assertThat(c.path("kind").asText()).isEqualTo("Rollout");
      assertThat(c.path("restart").asText()).isEqualTo("Target");
      env.assertNoLeaks();
    }
  }

  @Test
  void publishToCutOverWithInformerEventsAndWithThePoll() throws Exception {
    List<Long> events = measure("cutover-events", List.of());
    List<Long> poll = measure("cutover-poll", List.of("--no-rollout-events"));
    LOG.info(
        "MEASURED publish -> all consumers cut over (ms, {} rotations each): informer events {}"
            + " median {}, 2 s poll {} median {}",
        ROTATIONS,
        events,
        median(events),
        poll,
        median(poll));
    assertThat(events).hasSize(ROTATIONS);
    assertThat(poll).hasSize(ROTATIONS);
  }

  /** Manual rotations; for each, the time from the new token in the store to its cutOverAt. */
  private static List<Long> measure(String scenario, List<String> flags) throws Exception {
    try (E2eEnv env = E2eEnv.create(scenario)) {
      List<String> tokens = new ArrayList<>();
      for (int i = 1; i <= ROTATIONS + 2; i++) {
        tokens.add(env.issue("t" + i));
      }
      env.consumers(null);
      // A pod counts as available 2 s after it is Ready: the rollout's end is a status change of
      // the Deployment alone, which an event reports at once and a poll finds at its next tick.
      env.admin
          .apps()
          .deployments()
          .inNamespace(env.namespace)
          .withName(E2eEnv.NAME)
          .edit(
              d -> {
                d.getSpec().setMinReadySeconds(2);
                return d;
              });
      env.await("Deployment rolled out", Duration.ofSeconds(60), env.deployment::rolledOut);
      env.pool(tokens);
      env.credential(ConsumerCutOverIT::shortGrace, Map.of());
      OperatorProcess op =
          env.startOperator("op-" + Long.toString(System.nanoTime(), 36), null, flags);
      env.await("health endpoint ready", Duration.ofSeconds(60), op::ready);
      env.awaitCr("initial rotation", Duration.ofSeconds(120), c -> c.revision() == 1);
      List<Long> out = new ArrayList<>();
      for (int r = 2; r <= ROTATIONS + 1; r++) {
        int revision = r;
        env.annotate(Annotations.ROTATE, "measure-" + r);
        String before = env.cr().text("/status/stores/0/fingerprint");
        Instant published = poll(env, c -> !before.equals(c.text("/status/stores/0/fingerprint")));
        Instant cutOver =
            poll(
                env,
                c ->
                    c.revision() == revision
                        && c.pendingRevocations().stream()
                            .anyMatch(
                                p ->
                                    before.equals(p.at("/token/fingerprint").asText())
                                        && p.hasNonNull("cutOverAt")));
        out.add(Duration.between(published, cutOver).toMillis());
      }
      env.assertNoLeaks();
      return out;
    }
  }

  /** Reads the CostCredential every 20 ms until {@code done}; returns when it first held. */
  private static Instant poll(E2eEnv env, Predicate<Cr> done) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      if (done.test(env.cr())) {
        return Instant.now();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not reached in 120 s: " + env.diagnostics());
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static void shortGrace(Map<String, Object> spec) {
    Maps.at(spec, "rotation").put("gracePeriod", GRACE.toSeconds() + "s");
    Maps.at(spec, "provider", "vantage").put("revocationCheckInterval", "2s");
  }

  private static boolean held(Cr c) {
    return !c.pendingRevocations().isEmpty()
        && "Held".equals(c.pendingRevocations().get(0).path("state").asText());
  }

  static List<String> unlisted(Cr c) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : c.json().at("/status/consumers")) {
      if ("NotRestarted".equals(n.path("restart").asText())) {
        out.add(n.path("kind").asText() + " " + n.path("name").asText());
      }
    }
    return out;
  }

  private static JsonNode consumer(Cr c, String name) {
    for (JsonNode n : c.json().at("/status/consumers")) {
      if (name.equals(n.path("name").asText())) {
        return n;
      }
    }
    throw new AssertionError("no consumer " + name + " in " + c.json().at("/status/consumers"));
  }

  /** A Deployment reading the store Secret with envFrom, not a restart target. */
  private static void reporter(E2eEnv env, String name) {
    reporter(env, name, Map.of());
  }

  /** The same, with {@code annotations} on the Deployment and on its pod template. */
  static void reporter(E2eEnv env, String name, Map<String, String> annotations) {
    var d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("report")
            .withImage("reporter:latest")
            .addNewEnvFrom()
            .withNewSecretRef()
            .withName(SECRET)
            .endSecretRef()
            .endEnvFrom()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    env.admin.apps().deployments().inNamespace(env.namespace).resource(d).create();
    env.await(
        name + " running",
        Duration.ofSeconds(60),
        () -> running(env, p -> p.getMetadata().getName().startsWith(name + "-")) == 1);
  }

  /** An Argo Rollout (canary, no steps) of 2 pods reading the store Secret with envFrom. */
  private static void rollout(E2eEnv env, String name) {
    Map<String, Object> container =
        Map.of(
            "name",
            "app",
            "image",
            "app:latest",
            "envFrom",
            List.of(Map.of("secretRef", Map.of("name", SECRET))));
    var r = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    r.setApiVersion("argoproj.io/v1alpha1");
    r.setKind("Rollout");
    r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    r.setAdditionalProperty(
        "spec",
        Map.of(
            "replicas",
            2,
            "selector",
            Map.of("matchLabels", Map.of("app", name)),
            "strategy",
            Map.of("canary", Map.of()),
            "template",
            Map.of(
                "metadata",
                Map.of("labels", Map.of("app", name)),
                "spec",
                Map.of("containers", List.of(container)))));
    var ops =
        env.admin
            .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
            .inNamespace(env.namespace);
    ops.resource(r).create();
    env.await(
        name + " Healthy",
        Duration.ofSeconds(60),
        () -> {
          var now = ops.withName(name).get();
          Object status = now.getAdditionalProperties().get("status");
          return status instanceof Map<?, ?> m && "Healthy".equals(m.get("phase"));
        });
  }

  /** `kubectl rollout restart`: a new pod-template annotation of the team's own. */
  private static void restartReporter(E2eEnv env) {
    env.admin
        .apps()
        .deployments()
        .inNamespace(env.namespace)
        .withName("reporter")
        .edit(
            d -> {
              var meta = d.getSpec().getTemplate().getMetadata();
              Map<String, String> a = new java.util.HashMap<>();
              if (meta.getAnnotations() != null) {
                a.putAll(meta.getAnnotations());
              }
              a.put("kubectl.kubernetes.io/restartedAt", Instant.now().toString());
              meta.setAnnotations(a);
              return d;
            });
  }

  /** A bare Pod mounting the store Secret as a volume. */
  private static void barePod(E2eEnv env, String name) {
    barePod(env, name, Map.of());
  }

  /** The same, with {@code annotations}. */
  static void barePod(E2eEnv env, String name, Map<String, String> annotations) {
    Pod p =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("shell")
            .withImage("busybox:latest")
            .addNewVolumeMount()
            .withName("token")
            .withMountPath("/var/run/token")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("token")
            .withNewSecret()
            .withSecretName(SECRET)
            .endSecret()
            .endVolume()
            .endSpec()
            .build();
    env.admin.pods().inNamespace(env.namespace).resource(p).create();
    env.await(
        name + " running",
        Duration.ofSeconds(60),
        () -> running(env, q -> q.getMetadata().getName().equals(name)) == 1);
  }

  private static long running(E2eEnv env, Predicate<Pod> which) {
    return env.admin.pods().inNamespace(env.namespace).list().getItems().stream()
        .filter(which)
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .count();
  }
}
