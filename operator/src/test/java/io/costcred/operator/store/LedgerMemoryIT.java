package io.costcred.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.testing.InformedSecretVersions;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger copy on a real kube-apiserver (D58): a ledger as the operator writes it comes back
 * from the API server with exactly the metadata the operator gives it, so the copy keeps only its
 * data, annotations and ids; after a tenant's label the copy keeps the metadata whole, and the next
 * update sends the label back.
 */
class LedgerMemoryIT {
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();

  @Test
  void theServersLedgerIsKeptInItsShortFormUntilSomeoneChangesItsMetadata() {
    KubernetesClient admin = cluster.admin();
    String ns = RealCluster.freshNamespace(admin, "ledger-memory");
    ConfigMap owner =
        admin
            .configMaps()
            .inNamespace(ns)
            .resource(new ConfigMapBuilder().withNewMetadata().withName("cc").endMetadata().build())
            .create();
    String uid = owner.getMetadata().getUid();
    String name = TokenLedger.secretName("cc");
    Credential first = Credential.token(SecretValue.of("vntg_tkn_ledger_memory_first"));
    Credential second = Credential.token(SecretValue.of("vntg_tkn_ledger_memory_second"));
    try (InformedSecretVersions versions = new InformedSecretVersions(admin, ns)) {
      SecretMemory memory = new SecretMemory(versions);

      new TokenLedger(admin, owner, memory).adoptCurrent(first);
      versions.awaitCaughtUp();
      Optional<KeptSecret> kept = memory.recall(uid, "ledger", ns, name, KeptSecret.class);
      assertThat(kept).as("remembered after the write").isPresent();
      assertThat(kept.get().keptWhole()).as("the server's metadata is the usual").isFalse();
      assertThat(new TokenLedger(admin, owner, memory).current()).contains(first);

      admin
          .secrets()
          .inNamespace(ns)
          .withName(name)
          .edit(
              s -> {
                s.getMetadata().getLabels().put("team", "a");
                return s;
              });
      versions.awaitCaughtUp();
      assertThat(memory.recall(uid, "ledger", ns, name, KeptSecret.class))
          .as("not served once the Secret changed")
          .isEmpty();
      TokenLedger reread = new TokenLedger(admin, owner, memory);
      assertThat(reread.current()).contains(first);
      assertThat(memory.recall(uid, "ledger", ns, name, KeptSecret.class).orElseThrow().keptWhole())
          .as("read again with the tenant's label")
          .isTrue();

      new TokenLedger(admin, owner, memory).adoptCurrent(second);
      var onServer = admin.secrets().inNamespace(ns).withName(name).get();
      assertThat(onServer.getMetadata().getLabels()).containsEntry("team", "a");
      assertThat(onServer.getMetadata().getOwnerReferences()).hasSize(1);
      assertThat(new TokenLedger(admin, owner, SecretMemory.NONE).current()).contains(second);
    } finally {
      admin.namespaces().withName(ns).delete();
    }
  }
}
