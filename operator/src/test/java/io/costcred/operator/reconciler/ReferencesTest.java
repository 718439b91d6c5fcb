package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.ClusterCredentialConnection;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CredentialConnection;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.connection.ConnectionSource;
import io.costcred.operator.reconciler.References.Key;
import io.costcred.operator.store.SecretVersions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a CostCredential references, from its spec and its connections; no API server. */
class ReferencesTest {
  private static final String OPERATOR_NS = "costcred-system";

  private static final String TEAM_VAULT =
      """
      apiVersion: costcred.io/v1alpha1
      kind: CredentialConnection
      metadata: {name: team-vault, namespace: team-a}
      spec:
        vault:
          address: https://vault.example:8200
          auth:
            appRole:
              roleIdSecretRef: {name: vault-role, key: role-id}
              secretIdSecretRef: {name: vault-secret-id, key: secret-id}
      """;

  private static final String PLATFORM_AWS =
      """
      apiVersion: costcred.io/v1alpha1
      kind: ClusterCredentialConnection
      metadata: {name: platform-aws}
      spec:
        aws:
          region: us-east-1
          accessKeyIdSecretRef: {name: platform-aws-keys, key: AWS_ACCESS_KEY_ID}
          secretAccessKeySecretRef: {name: platform-aws-keys, key: AWS_SECRET_ACCESS_KEY}
      """;

  private static CostCredential credential(String stores) {
    return Serialization.unmarshal(
        """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: c, namespace: team-a}
        spec:
          provider:
            vantage:
              tokenPool: {name: the-pool}
          stores:
        %s
          restartTargets:
            - {kind: Deployment, name: app}
            - {kind: StatefulSet, matchLabels: {tier: api}}
        """
            .formatted(stores),
        CostCredential.class);
  }

  /** Connections by name, as the informer caches would answer. */
  private static ConnectionSource connections() {
    return new ConnectionSource() {
      @Override
      public Optional<ClusterCredentialConnection> cluster(String name) {
        return name.equals("platform-aws")
            ? Optional.of(Serialization.unmarshal(PLATFORM_AWS, ClusterCredentialConnection.class))
            : Optional.empty();
      }

      @Override
      public Optional<CredentialConnection> namespaced(String namespace, String name) {
        return namespace.equals("team-a") && name.equals("team-vault")
            ? Optional.of(Serialization.unmarshal(TEAM_VAULT, CredentialConnection.class))
            : Optional.empty();
      }

      @Override
      public Map<String, String> namespaceLabels(String namespace) {
        return Map.of();
      }
    };
  }

  @Test
  void poolSecretIsInTheCredentialsNamespaceAndStoreSecretsAreNotReferences() {
    var cr = credential("    - kubernetesSecret: {name: out}");
    assertThat(new References(connections(), OPERATOR_NS).secrets(cr))
        .containsExactly(new Key("team-a", "the-pool"));
    assertThat(References.usesPlatformConnection(cr)).isFalse();
  }

  @Test
  void tenantConnectionSecretsAreInTheTenantNamespacePlatformOnesInTheOperators() {
    var cr =
        credential(
            """
                - vault: {connectionRef: {name: team-vault}, path: x}
                - awsSecretsManager: {connectionRef: {kind: ClusterCredentialConnection, name: platform-aws}, secretId: y}
            """);
    assertThat(new References(connections(), OPERATOR_NS).secrets(cr))
        .containsExactly(
            new Key(OPERATOR_NS, "platform-aws-keys"),
            new Key("team-a", "the-pool"),
            new Key("team-a", "vault-role"),
            new Key("team-a", "vault-secret-id"));
    assertThat(References.usesPlatformConnection(cr)).isTrue();
  }

  @Test
  void aMissingOrUnreadableConnectionNamesNoSecretAndDoesNotThrow() {
    var cr = credential("    - vault: {connectionRef: {name: nobody}, path: x}");
    assertThat(new References(connections(), OPERATOR_NS).secrets(cr))
        .containsExactly(new Key("team-a", "the-pool"));
    ConnectionSource failing =
        new ConnectionSource() {
          @Override
          public Optional<ClusterCredentialConnection> cluster(String name) {
            throw new IllegalStateException("cannot list");
          }

          @Override
          public Optional<CredentialConnection> namespaced(String namespace, String name) {
            throw new IllegalStateException("cannot list");
          }

          @Override
          public Map<String, String> namespaceLabels(String namespace) {
            return Map.of();
          }
        };
    assertThat(new References(failing, OPERATOR_NS).secrets(cr))
        .containsExactly(new Key("team-a", "the-pool"));
  }

  @Test
  void storeSecretsAreTheKubernetesSecretStoresOnly() {
    var cr =
        credential(
            """
                - kubernetesSecret: {name: out}
                - vault: {connectionRef: {name: team-vault}, path: x}
                - kubernetesSecret: {name: also-out}
                - {}
                - kubernetesSecret: {name: both}
                  vault: {connectionRef: {name: team-vault}, path: y}
            """);
    assertThat(References.storeSecrets(cr)).containsExactly("also-out", "out");
    assertThat(References.storeSecrets(new CostCredential())).isEmpty();
  }

  @Test
  void targetsSelectByKindAndNameOrByEveryLabel() {
    var cr = credential("    - kubernetesSecret: {name: out}");
    RestartTarget byName = References.targets(cr).get(0);
    RestartTarget byLabels = References.targets(cr).get(1);
    assertThat(References.selects(byName, "Deployment", "app", Map.of())).isTrue();
    assertThat(References.selects(byName, "Deployment", "other", Map.of())).isFalse();
    assertThat(References.selects(byName, "StatefulSet", "app", Map.of())).isFalse();
    assertThat(References.selects(byLabels, "StatefulSet", "db", Map.of("tier", "api", "x", "y")))
        .isTrue();
    assertThat(References.selects(byLabels, "StatefulSet", "db", Map.of("tier", "web"))).isFalse();
    assertThat(References.selects(byLabels, "StatefulSet", "db", null)).isFalse();
    assertThat(References.selects(byLabels, "Deployment", "db", Map.of("tier", "api"))).isFalse();
    assertThat(byLabels.getKind()).isEqualTo(WorkloadKind.StatefulSet);
  }

  @Test
  void theSecretCacheKeepsNoValueAndNoAnnotation() {
    var store = new SecretMetadataStore();
    Secret s = pool("42", Map.of("t", "c2VjcmV0"));
    String key = store.getKey(s);
    store.put(key, s);
    Secret cached = store.get(key);
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getMetadata().getUid()).isEqualTo("u-1");
    assertThat(cached.getData()).containsOnlyKeys("t", "u").containsValues("");
    assertThat(cached.getStringData()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(new KubernetesSerialization().asJson(cached)).doesNotContain("c2VjcmV0", "secret\"");
    assertThat(store.seen(key)).contains(new SecretVersions.Seen("u-1", "42"));
    String uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    Secret compact = new SecretBuilder(s).editMetadata().withUid(uuid).endMetadata().build();
    store.put(key, compact);
    assertThat(store.seen(key)).contains(new SecretVersions.Seen(uuid, "42"));
    assertThat(store.seen("team-a/absent")).isEmpty();

    // The workload and Pod caches: consumers.CompactStoreTest.
  }

  /** The same with a uid the API server gives (kept packed) and with any other (kept as is). */
  @ParameterizedTest
  @ValueSource(strings = {"u-1", "0f8fad5b-d9cb-469f-a165-70867728950e"})
  void aSecretsVersionIgnoresTheRemovalOfKeysTheOperatorTakes(String uid) {
    var store = new SecretMetadataStore();
    String key = "team-a/pool";
    assertThat(store.version(key)).isNull();
    store.put(key, pool(uid, "1", Map.of("a", "eA==", "b", "eQ==")));
    assertThat(store.version(key)).isEqualTo("1");
    assertThat(store.seen(key)).contains(new SecretVersions.Seen(uid, "1"));
    // The operator takes token a: a removal only.
    store.put(key, pool(uid, "2", Map.of("b", "eQ==")));
    assertThat(store.version(key)).isEqualTo("1");
    assertThat(store.seen(key)).contains(new SecretVersions.Seen(uid, "2"));
    // A relist sees the same object again.
    store.put(key, pool(uid, "2", Map.of("b", "eQ==")));
    assertThat(store.version(key)).isEqualTo("1");
    // An admin adds a token, or changes one: a new version.
    store.put(key, pool(uid, "3", Map.of("b", "eQ==", "c", "eg==")));
    assertThat(store.version(key)).isEqualTo("3");
    store.put(key, pool(uid, "4", Map.of("b", "eg==", "c", "eg==")));
    assertThat(store.version(key)).isEqualTo("4");
    // Deleted and created again with fewer keys: another Secret, so a new version.
    String other = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    store.put(key, pool(other, "5", Map.of("b", "eg==")));
    assertThat(store.version(key)).isEqualTo("5");
    assertThat(store.get(key).getMetadata().getUid()).isEqualTo(other);
    store.remove(key);
    assertThat(store.version(key)).isNull();
    assertThat(store.size()).isZero();
  }

  /** Kept without key strings, the Secrets still list under their keys and come back whole. */
  @Test
  void theSecretCacheListsEverySecretUnderItsKey() {
    var store = new SecretMetadataStore();
    for (int i = 0; i < 300; i++) {
      String ns = i % 2 == 0 ? "team-a" : "team-b";
      Secret s =
          new SecretBuilder(pool("u-" + i, Integer.toString(i + 1), Map.of("t", "eA==")))
              .editMetadata()
              .withNamespace(ns)
              .withName("s-" + i)
              .endMetadata()
              .build();
      store.put(store.getKey(s), s);
    }
    assertThat(store.size()).isEqualTo(300);
    assertThat(store.keySet().toList()).hasSize(300).contains("team-a/s-0", "team-b/s-299");
    assertThat(store.values())
        .hasSize(300)
        .allSatisfy(
            s ->
                assertThat(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
                    .isEqualTo(
                        (Integer.parseInt(s.getMetadata().getUid().substring(2)) % 2 == 0
                                ? "team-a"
                                : "team-b")
                            + "/s-"
                            + s.getMetadata().getUid().substring(2)));
    assertThat(store.get("team-b/s-1").getMetadata().getResourceVersion()).isEqualTo("2");
    assertThat(store.get("team-a/s-1")).isNull();
    for (int i = 0; i < 300; i += 3) {
      assertThat(store.remove((i % 2 == 0 ? "team-a" : "team-b") + "/s-" + i)).isNotNull();
    }
    assertThat(store.size()).isEqualTo(200);
    assertThat(store.seen("team-b/s-7")).contains(new SecretVersions.Seen("u-7", "8"));
  }

  /** A version that is not a decimal (an API server other than etcd's) is kept as it came. */
  @Test
  void aVersionThatIsNotADecimalIsKeptAsItCame() {
    var store = new SecretMetadataStore();
    String key = "team-a/pool";
    String uid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    store.put(key, pool(uid, "0042", Map.of("a", "eA==")));
    assertThat(store.seen(key)).contains(new SecretVersions.Seen(uid, "0042"));
    assertThat(store.get(key).getMetadata().getResourceVersion()).isEqualTo("0042");
    store.put(key, pool(uid, "b7", Map.of("a", "eA==", "b", "eQ==")));
    assertThat(store.version(key)).isEqualTo("b7");
  }

  private static Secret pool(String resourceVersion, Map<String, String> data) {
    return pool("u-1", resourceVersion, data);
  }

  private static Secret pool(String uid, String resourceVersion, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("pool")
        .withNamespace("team-a")
        .withUid(uid)
        .withResourceVersion(resourceVersion)
        .addToLabels("team", "a")
        .addToAnnotations(
            "kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"t\":\"c2VjcmV0\"}}")
        .endMetadata()
        .withData(data)
        .addToStringData("u", "secret")
        .build();
  }
}
