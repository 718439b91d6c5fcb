package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.api.v1alpha1.StoreStatus;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.core.Credential;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.testing.Harness;
import io.costcred.testsupport.LeakScan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One credential on the real peers for the multi-store crash suite: created from a sample, taken
 * through its first rotation, then driven through a manual or emergency rotation and everything
 * that follows it (revocation, retention). Every engine it builds checks the invariants that must
 * hold between any two steps; {@link #assertRecovered} checks the end state.
 */
abstract class CrashFixture implements AutoCloseable {
  final Harness h;
  final AwsClients aws = LocalPeers.admin();
  final SecretsManagerClient sm = aws.secretsManager();
  final IamClient iam = aws.iam();
  String name;
  String deployment;

  /** Every secret value seen (tokens, secret access keys): none may appear in any output. */
  final Set<String> secrets = new CopyOnWriteArraySet<>();

  /** Text the operator produced outside status and Events (exception messages). */
  final List<String> outputs = new ArrayList<>();

  private int restartsBefore;

  CrashFixture(KubernetesClient client, String prefix) throws Exception {
    h = new Harness(client, prefix + "-" + System.nanoTime(), PatchMode.JSON_MERGE);
    h.installCrd();
    LocalPeers.credentials(h);
  }

  /** Creates the consumers and the credential from its sample. */
  abstract void create() throws Exception;

  /** Invariants that hold between any two steps; may also play the admin. */
  abstract void check(String step);

  /** Reconciles past the rotation: revocation after the grace period, and what follows. */
  abstract void afterRotation(RotationEngine engine);

  /** The end state once a fresh engine has finished the work. */
  abstract void assertRecovered(boolean emergency) throws Exception;

  /** Creates everything and completes the first rotation, without a hook. */
  final CrashFixture start() throws Exception {
    create();
    settle(h.engine(StepHook.NONE)); // the first rotation is not under test: no checks
    assertThat(status().getCurrentToken()).as("first rotation done").isNotNull();
    restartsBefore = restarts();
    started();
    return this;
  }

  /** Notes what the first rotation left, before the rotation under test. */
  void started() {}

  void consumers(CostCredential cr, String name) {
    this.deployment = name;
    h.deployment(name, 2);
    RestartTarget t = new RestartTarget();
    t.setKind(WorkloadKind.Deployment);
    t.setName(name);
    cr.getSpec().setRestartTargets(new ArrayList<>(List.of(t)));
  }

  /** An engine as a new operator process would build it, checking invariants at each step. */
  final RotationEngine engine(StepHook hook) {
    return h.engine(
        step -> {
          check(step);
          hook.at(step);
        });
  }

  /** The whole rotation and what follows it, as the crash points were enumerated. */
  final void drive(RotationEngine engine) {
    settle(engine);
    afterRotation(engine);
  }

  /**
   * The name of a step without this fixture's namespace. Store ids name the Vault path and the
   * secret id, which carry the namespace so that tests sharing one OpenBao and one moto never meet;
   * a point enumerated in one fixture must match the same step in the next.
   */
  final String crashPoint(String step) {
    return step.replace(h.namespace, "<namespace>");
  }

  /** Reconciles until no rotation runs, playing the Deployment controller between passes. */
  final void settle(RotationEngine engine) {
    for (int i = 0; i < 20; i++) {
      engine.reconcile(h.get(name));
      h.finishRollout(deployment);
      if (status().getRotation() == null) {
        engine.reconcile(h.get(name));
        return;
      }
    }
  }

  CostCredentialStatus status() {
    CostCredentialStatus st = h.get(name).getStatus();
    return st == null ? new CostCredentialStatus() : st;
  }

  String fp(Credential c) {
    return h.fingerprints.of(c);
  }

  StoreStatus store(String prefix) {
    return status().getStores().stream()
        .filter(s -> s.getStore().startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  /** Consumers run the current credential and were restarted exactly once for the rotation. */
  void assertConsumersRestartedOnce() {
    assertThat(h.podTemplateFingerprint(deployment, name))
        .isEqualTo(status().getCurrentToken().getFingerprint());
    assertThat(restarts() - restartsBefore).as("restarts of the Deployment").isEqualTo(1);
  }

  /** No secret value in status, Events, exception messages or the test log. */
  void assertNoLeaks() throws Exception {
    List<String> values = List.copyOf(secrets);
    assertThat(values).isNotEmpty();
    LeakScan.assertNoSecrets("status", Serialization.asJson(status()), values);
    LeakScan.assertNoSecrets(
        "events", h.events.events.stream().map(Object::toString).toList(), values);
    LeakScan.assertNoSecrets("exceptions", outputs, values);
    LeakScan.assertNoSecrets("test log", LeakScan.log(), values);
  }

  void advance(Duration d) {
    h.clock.advance(d);
  }

  private int restarts() {
    return (int)
        h.writes.writes.stream()
            .filter(w -> w.startsWith("PATCH") && w.endsWith("/deployments/" + deployment))
            .count();
  }

  @Override
  public void close() {
    aws.close();
    h.close();
  }
}
