package io.costcred.operator.store;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract for Kubernetes Secrets, against the fabric8 mock API server in CRUD mode
 * (which enforces resourceVersion on updates, so the optimistic lock is exercised).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSecretStoreContractTest extends CredentialStoreContract {
  private static final String NS = "contract";
  static KubernetesClient client;

  /** The store's client: runs a queued write just before the store's next update request. */
  private static final AtomicReference<Runnable> BEFORE_UPDATE = new AtomicReference<>();

  private static KubernetesClient storeClient;

  @BeforeAll
  static void clients() {
    Interceptor race =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            Runnable r = "PUT".equals(request.method()) ? BEFORE_UPDATE.getAndSet(null) : null;
            if (r != null) {
              r.run();
            }
          }
        };
    storeClient =
        new KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("race", race))
            .build();
  }

  @AfterAll
  static void close() {
    storeClient.close();
  }

  @Override
  protected Fixture fixture() {
    String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    CostCredential owner = new CostCredential();
    owner.setMetadata(
        new ObjectMetaBuilder()
            .withName("owner-" + name)
            .withNamespace(NS)
            .withUid(UUID.randomUUID().toString())
            .build());
    KubernetesSecretStore store =
        new KubernetesSecretStore(storeClient, owner, name, KEYS, Map.of(), true);
    return new Fixture() {
      @Override
      public CredentialStore store() {
        return store;
      }

      @Override
      public void putForeign(String key, String value) {
        Secret s = client.secrets().inNamespace(NS).withName(name).get();
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        if (s == null) {
          client
              .secrets()
              .inNamespace(NS)
              .resource(
                  new SecretBuilder()
                      .withNewMetadata()
                      .withName(name)
                      .withNamespace(NS)
                      .endMetadata()
                      .withData(Map.of(key, encoded))
                      .build())
              .create();
          return;
        }
        Map<String, String> data = new HashMap<>(s.getData() == null ? Map.of() : s.getData());
        data.put(key, encoded);
        s.setData(data);
        client.secrets().inNamespace(NS).resource(s).update();
      }

      @Override
      public Optional<String> raw(String key) {
        Secret s = client.secrets().inNamespace(NS).withName(name).get();
        if (s == null || s.getData() == null || s.getData().get(key) == null) {
          return Optional.empty();
        }
        return Optional.of(
            new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
      }

      @Override
      public boolean interleave(Runnable write) {
        BEFORE_UPDATE.set(write);
        return true;
      }
    };
  }
}
