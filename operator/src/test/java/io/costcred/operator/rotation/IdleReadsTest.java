package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.store.TokenLedger;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An idle re-verification reads no Secret when the Secret informer shows that the ledger, store and
 * pool Secrets did not change (D46), and every change made by someone else is still read: a
 * tenant's edit of the store, a ledger Secret created again under the same name, a refilled pool.
 */
@EnableKubernetesMockClient(crud = true)
class IdleReadsTest {
  static KubernetesClient client;
  private IdleReads r;

  private IdleReads start(boolean informed) throws Exception {
    r =
        new IdleReads(
            new Harness(client, "idle-" + System.nanoTime(), PatchMode.JSON_MERGE),
            client,
            informed);
    return r;
  }

  @AfterEach
  void tearDown() {
    r.close();
  }

  @Test
  void withoutTheSecretWatchEveryReverificationReadsLedgerStoreAndPool() throws Exception {
    start(false);
    r.reverify();
    List<String> gets = r.reverify();
    assertThat(gets).as("ledger, store and pool: %s", gets).hasSize(3);
    assertThat(gets.stream().distinct()).hasSize(3);
  }

  @Test
  void anIdleReverificationReadsNoSecret() throws Exception {
    start(true);
    r.reverify(); // the store was last written by the rotation: its fingerprint is learnt once
    assertThat(r.reverify()).as("idle: nothing changed").isEmpty();
    assertThat(r.reverify()).isEmpty();
    assertThat(r.h.events.events.stream().filter(e -> e.reason().equals(Reasons.STORE_DRIFT)))
        .isEmpty();
  }

  @Test
  void aTenantsEditOfTheStoreSecretIsReadAndRepaired() throws Exception {
    start(true);
    r.reverify();
    String current = r.s.servedToken();
    client
        .secrets()
        .inNamespace(r.h.namespace)
        .withName(Scenario.NAME)
        .edit(x -> new SecretBuilder(x).addToData("token", Harness.b64("vntg_tkn_forged")).build());

    List<String> gets = r.reverify();

    assertThat(gets).anyMatch(g -> g.endsWith("/secrets/" + Scenario.NAME));
    assertThat(r.s.servedToken()).isEqualTo(current);
    assertThat(r.h.events.events.stream().filter(e -> e.reason().equals(Reasons.STORE_DRIFT)))
        .hasSize(1);
    r.reverify(); // the repair's write is learnt
    assertThat(r.reverify()).isEmpty();
  }

  @Test
  void aRotationFromTheRememberedLedgerKeepsWhatOthersAddedToItsSecret() throws Exception {
    start(true);
    r.reverify();
    String ledger = TokenLedger.secretName(Scenario.NAME);
    var secrets = client.secrets().inNamespace(r.h.namespace);
    secrets
        .withName(ledger)
        .edit(
            x ->
                new SecretBuilder(x)
                    .editMetadata()
                    .addToFinalizers("backup.example.com/keep")
                    .addToLabels("team", "a")
                    .addToAnnotations("backup.example.com/note", "kept")
                    .endMetadata()
                    .build());
    assertThat(r.reverify()).as("the edit is read once").anyMatch(g -> g.endsWith("/" + ledger));
    String read = secrets.withName(ledger).get().getMetadata().getResourceVersion();

    // the rotation's first ledger write starts from the remembered copy, not from a GET
    r.h.annotate(Scenario.NAME, Annotations.ROTATE, "after-edit");
    r.s.settle(r.engine);

    Secret now = secrets.withName(ledger).get();
    assertThat(now.getMetadata().getResourceVersion()).isNotEqualTo(read);
    assertThat(now.getMetadata().getFinalizers()).contains("backup.example.com/keep");
    assertThat(now.getMetadata().getLabels()).containsEntry("team", "a");
    assertThat(now.getMetadata().getAnnotations()).containsEntry("backup.example.com/note", "kept");
    assertThat(now.getMetadata().getOwnerReferences()).hasSize(1);
  }

  @Test
  void aLedgerSecretCreatedAgainUnderItsNameIsReadAgain() throws Exception {
    start(true);
    r.reverify();
    String ledger = TokenLedger.secretName(Scenario.NAME);
    var secrets = client.secrets().inNamespace(r.h.namespace);
    Secret old = secrets.withName(ledger).get();
    String other = r.h.issue("someone else's token");
    secrets.withName(ledger).delete();
    secrets
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(ledger)
                .withNamespace(r.h.namespace)
                .withLabels(old.getMetadata().getLabels())
                .endMetadata()
                .addToData("current.token", Harness.b64(other))
                .build())
        .create();
    assertThat(secrets.withName(ledger).get().getMetadata().getUid())
        .isNotEqualTo(old.getMetadata().getUid());

    List<String> gets = r.reverify();

    assertThat(gets).anyMatch(g -> g.endsWith("/secrets/" + ledger));
    assertThat(r.s.servedToken())
        .as("the new ledger's token was read (and the store follows it, as before D46)")
        .isEqualTo(other);
  }

  @Test
  void aRefilledPoolIsCountedAgain() throws Exception {
    start(true);
    r.reverify();
    int before = r.s.cr().getStatus().getPoolRemaining();
    String added = r.h.issue("refill");
    client
        .secrets()
        .inNamespace(r.h.namespace)
        .withName(Scenario.POOL)
        .edit(x -> new SecretBuilder(x).addToData("09-refill", Harness.b64(added)).build());

    List<String> gets = r.reverify();

    assertThat(gets)
        .containsExactly("GET /api/v1/namespaces/" + r.h.namespace + "/secrets/" + Scenario.POOL);
    assertThat(r.s.cr().getStatus().getPoolRemaining()).isEqualTo(before + 1);
  }

  @Test
  void aDeletedCredentialsSecretsAreForgotten() throws Exception {
    start(true);
    r.reverify();
    assertThat(r.h.plans.rememberedSecrets()).isEqualTo(3);
    assertThat(r.engine.verificationTimes()).isEqualTo(1);
    r.engine.forget(r.s.cr());
    assertThat(r.h.plans.rememberedSecrets()).isZero();
    assertThat(r.engine.verificationTimes()).isZero();
  }
}
