package io.costcred.operator.provider.vantage;

import io.costcred.fakevantage.FakeVantage;
import io.costcred.operator.api.v1alpha1.TokenFormat;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.CredentialProviderContract;
import io.costcred.operator.provider.ProviderObserver;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The provider contract for Vantage: a token pool Secret on the fabric8 mock server, {@code /v2/me}
 * on the fake Vantage API over loopback; tokens are issued and revoked as an admin would.
 */
@EnableKubernetesMockClient(crud = true)
class VantageProviderContractTest extends CredentialProviderContract {
  static KubernetesClient client;
  static FakeVantage fake;
  private static final String POOL = "pool";

  @BeforeAll
  static void start() {
    fake = FakeVantage.builder().bind(new InetSocketAddress("127.0.0.1", 0)).start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Override
  protected Fixture newFixture() {
    String ns = "contract-" + System.nanoTime();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(POOL)
                .withNamespace(ns)
                .endMetadata()
                .withData(new HashMap<>())
                .build())
        .create();
    TokenPool pool =
        new TokenPool(
            client,
            ns,
            POOL,
            List.of(TokenFormat.VantageApiToken),
            new Fingerprinter(new byte[32]),
            new HashSet<>());
    String base = fake.baseUrl().toString();
    VantageClient api =
        new VantageClient(
            new OkHttpClient(),
            base,
            new RateBudgets(Clock.systemUTC(), 1000).forNamespace(base, ns),
            Clock.systemUTC(),
            ProviderObserver.NONE);
    VantageProvider provider = new VantageProvider(pool, api, List.of("read"));
    return new Fixture() {
      private int supplied;

      @Override
      public CredentialProvider provider() {
        return provider;
      }

      @Override
      public void supply() {
        String token = fake.issueToken("contract", Set.of("read"));
        String key = "k" + supplied++;
        client.secrets().inNamespace(ns).withName(POOL).edit(s -> withKey(s, key, token));
      }

      @Override
      public int outstanding() {
        Secret s = client.secrets().inNamespace(ns).withName(POOL).get();
        return s.getData() == null ? 0 : s.getData().size();
      }

      @Override
      public Credential bogus() {
        return Credential.token(SecretValue.of("vntg_tkn_" + "0".repeat(40)));
      }

      @Override
      public boolean revokedAtSource(Credential c) {
        return fake.isRevoked(c.field(Credential.TOKEN).reveal());
      }

      @Override
      public void revokeAsAdmin(Credential c) {
        fake.revoke(c.field(Credential.TOKEN).reveal());
      }

      @Override
      public Set<String> secretFields() {
        return Set.of(Credential.TOKEN);
      }
    };
  }

  private static Secret withKey(Secret s, String key, String token) {
    Map<String, String> data = s.getData() == null ? new HashMap<>() : new HashMap<>(s.getData());
    data.putAll(PoolContention.b64(Map.of(key, token)));
    s.setData(data);
    return s;
  }
}
