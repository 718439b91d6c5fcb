package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.AwsSecretsManagerStoreSpec;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.store.aws.AwsSecretsManagerStore;
import io.costcred.operator.store.vault.VaultKvStore;
import io.costcred.testsupport.OpenBaoServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Vault sample (a Vantage pool token in a Kubernetes Secret and OpenBao KV v2) with a moto
 * Secrets Manager store and a consumer Deployment added. An admin revokes in the (fake) Vantage
 * console every token the operator flags, at once, so that flagging a token still served would
 * break consumers and show.
 */
final class VantageMultiStoreFixture extends CrashFixture {
  private String secret;
  private String vaultPath;
  private String smId;
  private final List<String> tokens = new ArrayList<>();

  VantageMultiStoreFixture(KubernetesClient client) throws Exception {
    super(client, "crash-vault");
  }

  @Override
  void create() throws Exception {
    for (String d : List.of("one", "two", "three")) {
      tokens.add(h.issue(d));
    }
    secrets.addAll(tokens);
    secrets.add(OpenBaoServer.shared().rootToken());
    h.pool(
        "vantage-vault-pool", Map.of("1", tokens.get(0), "2", tokens.get(1), "3", tokens.get(2)));
    CostCredential cr = LocalPeers.sample(h, "vantage-to-vault-and-kubernetes.yaml");
    name = cr.getMetadata().getName();
    secret = cr.getSpec().getStores().get(0).getKubernetesSecret().getName();
    vaultPath = cr.getSpec().getStores().get(1).getVault().getPath();
    smId = "finops/vantage-" + h.namespace;
    AwsSecretsManagerStoreSpec smStore = new AwsSecretsManagerStoreSpec();
    smStore.setSecretId(smId);
    smStore.setConnectionRef(LocalPeers.ref(LocalPeers.AWS_CONNECTION));
    StoreSpec store = new StoreSpec();
    store.setAwsSecretsManager(smStore);
    cr.getSpec().getStores().add(store);
    consumers(cr, "finfocus-vantage");
    h.client.resource(cr).create();
  }

  @Override
  void afterRotation(RotationEngine engine) {
    advance(Duration.ofDays(2)); // past the grace period: the old token is flagged
    engine.reconcile(h.get(name));
    advance(Duration.ofMinutes(10)); // past revocationCheckInterval: the revocation is verified
    engine.reconcile(h.get(name));
  }

  /** Store id to the value it serves now (null where it holds nothing). */
  private Map<String, String> served() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("kubernetesSecret", h.secretValue(secret, "token"));
    LocalPeers.KvSecret kv = LocalPeers.vault("secret", vaultPath);
    out.put("vault", kv == null ? null : kv.field("token"));
    LocalPeers.SmSecret now = LocalPeers.sm(sm, smId);
    out.put("awsSecretsManager", now == null ? null : now.currentField("token"));
    return out;
  }

  private Set<String> flagged(CostCredentialStatus st) {
    return st.getPendingRevocations().stream()
        .filter(p -> p.getState() == RevocationState.AwaitingManualRevocation)
        .map(p -> p.getToken().getFingerprint())
        .collect(Collectors.toSet());
  }

  @Override
  void check(String step) {
    CostCredentialStatus st = status();
    Set<String> flagged = flagged(st);
    if (flagged.isEmpty() && tokens.stream().noneMatch(h.vantage::isRevoked)) {
      return; // nothing flagged or revoked: no store can serve such a token
    }
    served()
        .forEach(
            (store, value) -> {
              if (value != null) {
                assertThat(h.vantage.isRevoked(value))
                    .as("at %s, %s serves a revoked token", step, store)
                    .isFalse();
                assertThat(flagged)
                    .as("at %s, %s serves a token flagged for revocation", step, store)
                    .doesNotContain(fp(value));
              }
            });
    for (String t : tokens) { // the admin acts on every flag at once
      if (flagged.contains(fp(t)) && !h.vantage.isRevoked(t)) {
        h.vantage.revoke(t);
      }
    }
  }

  @Override
  void assertRecovered(boolean emergency) throws Exception {
    CostCredentialStatus st = status();
    assertThat(st.getRotation()).as("rotation finished").isNull();
    assertThat(st.getRevision()).isEqualTo(2);
    String current = st.getCurrentToken().getFingerprint();
    Map<String, String> served = served();
    assertThat(new HashSet<>(served.values())).as("one token in every store").hasSize(1);
    String token = served.get("kubernetesSecret");
    assertThat(fp(token)).as("every store serves the current token").isEqualTo(current);
    assertThat(h.vantage.isRevoked(token)).isFalse();
    // Exactly one token left the pool for the rotation; the one it replaced is verified revoked.
    assertThat(h.secretData("vantage-vault-pool").values()).containsExactly(tokens.get(2));
    assertThat(token).isEqualTo(tokens.get(1));
    assertThat(h.vantage.isRevoked(tokens.get(0))).as("old token revoked").isTrue();
    assertThat(st.getPendingRevocations()).as("nothing left to revoke").isEmpty();
    if (emergency) {
      var em = st.getLastEmergencyRotation();
      assertThat(em.getCompromisedToken().getFingerprint()).isEqualTo(fp(tokens.get(0)));
      assertThat(em.getRevocation()).isEqualTo(EmergencyRevocation.VerifiedRevoked);
      assertThat(em.getCompletedAt()).isNotNull();
    }
    assertConsumersRestartedOnce();
    assertVaultVersions(st);
    assertSecretsManagerStages(st);
    assertNoLeaks();
  }

  /** One KV version per token (retries wrote nothing twice), and status names the latest. */
  private void assertVaultVersions(CostCredentialStatus st) {
    LocalPeers.KvSecret kv = LocalPeers.vault("secret", vaultPath);
    assertThat(kv.currentVersion()).isEqualTo(2);
    assertThat(kv.versions()).isEqualTo(2);
    assertThat(store("vault/").getVersion()).isEqualTo("2");
    assertThat(kv.customMetadata().path(VaultKvStore.FINGERPRINT_METADATA).asText())
        .isEqualTo(st.getCurrentToken().getFingerprint());
    assertThat(kv.customMetadata().path(VaultKvStore.ROTATION_ID_METADATA).asText())
        .isEqualTo(st.getCurrentToken().getRotationId());
  }

  /** AWSCURRENT is this rotation's version, AWSPREVIOUS the old token, nothing left pending. */
  private void assertSecretsManagerStages(CostCredentialStatus st) {
    LocalPeers.SmSecret stored = LocalPeers.sm(sm, smId);
    String version =
        AwsSecretsManagerStore.clientRequestToken(st.getCurrentToken().getRotationId());
    assertThat(stored.versionWith("AWSCURRENT")).isEqualTo(version);
    assertThat(store("awsSecretsManager/").getVersion()).isEqualTo(version);
    assertThat(stored.previousField("token")).isEqualTo(tokens.get(0));
    assertThat(stored.versionWith("AWSPENDING")).isNull();
  }

  private String fp(String token) {
    return fp(Credential.token(SecretValue.of(token)));
  }
}
