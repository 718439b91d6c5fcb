package io.costcred.operator.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.peers.FaultProxy;
import io.costcred.operator.peers.FaultProxy.Fault;
import io.costcred.operator.store.CredentialStoreContract;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.MotoServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Secrets Manager specifics against real moto: staging labels, retries, plain mode, faults. */
class AwsSecretsManagerStoreTest {
  static MotoServer moto;
  static FaultProxy proxy;
  static AwsClients clients;
  static AwsClients proxied;
  static SmAdmin admin;
  private final List<String> secrets = new ArrayList<>();

  @BeforeAll
  static void server() {
    moto = MotoServer.shared();
    proxy = new FaultProxy(moto.endpoint());
    clients = new AwsClients(SmAdmin.connection(moto.endpoint()));
    proxied = new AwsClients(SmAdmin.connection(proxy.endpoint()));
    admin = new SmAdmin(clients.secretsManager());
  }

  @AfterAll
  static void close() {
    clients.close();
    proxied.close();
    proxy.close();
  }

  @BeforeEach
  void reset() {
    moto.reset();
    proxy.clear();
  }

  /** Nothing this test handed out may appear in the log of the test JVM. */
  @AfterEach
  void noSecretInTheLog() throws java.io.IOException {
    LeakScan.assertNoSecrets("test log", LeakScan.log(), secrets);
  }

  @Test
  void versionsAreStagedAndNamedAfterTheRotation() {
    String name = name();
    AwsSecretsManagerStore store = json(clients.secretsManager(), name);
    String v1 = store.publish("uid-r1", token(), "fp");
    assertThat(v1).isEqualTo(AwsSecretsManagerStore.clientRequestToken("uid-r1"));
    assertThat(admin.stages(name)).isEqualTo(Map.of(v1, List.of("AWSCURRENT")));
    assertThat(admin.exists(name)).isTrue();

    Credential next = token();
    String v2 = store.publish("uid-r2", next, "fp");
    assertThat(v2).isEqualTo(AwsSecretsManagerStore.clientRequestToken("uid-r2"));
    assertThat(admin.stages(name))
        .isEqualTo(Map.of(v1, List.of("AWSPREVIOUS"), v2, List.of("AWSCURRENT")));
    assertThat(store.read()).contains(next);
  }

  @Test
  void aRetryAfterTheStagedPutReusesTheSameVersion() {
    String name = name();
    AwsSecretsManagerStore store = json(clients.secretsManager(), name);
    String v1 = store.publish("r-1", token(), "fp");
    store.beforeCommit(
        () -> {
          throw new TransientException(Reasons.STORE_FAILED, "crash before AWSCURRENT moved");
        });
    Credential next = token();
    assertThatThrownBy(() -> store.publish("r-2", next, "fp"))
        .isInstanceOf(TransientException.class);
    String v2 = AwsSecretsManagerStore.clientRequestToken("r-2");
    assertThat(admin.stages(name).get(v2)).containsExactly("AWSPENDING");
    assertThat(admin.stages(name).get(v1)).containsExactly("AWSCURRENT");

    store.beforeCommit(() -> {});
    assertThat(store.publish("r-2", next, "fp")).isEqualTo(v2);
    assertThat(admin.stages(name))
        .isEqualTo(Map.of(v1, List.of("AWSPREVIOUS"), v2, List.of("AWSCURRENT")));
    assertThat(store.read()).contains(next);
  }

  @Test
  void plainModeStoresOneFieldAsTheWholeString() {
    String name = name();
    AwsSecretsManagerStore store =
        new AwsSecretsManagerStore(
            clients.secretsManager(),
            AwsSecretsManagerStoreConfig.plain(name, Credential.TOKEN, null, true));
    Credential c = token();
    store.publish("r-1", c, "fp");
    assertThat(admin.current(name)).contains(c.field(Credential.TOKEN).reveal());
    assertThat(store.read()).contains(c);
    store.remove(); // created by the store: deleted with a recovery window
    assertThat(store.read()).isEmpty();
  }

  @Test
  void aMissingSecretIsCreatedWithTheKmsKeyOnlyWhenAllowed() {
    String name = name();
    Credential c = token();
    AwsSecretsManagerStore strict =
        new AwsSecretsManagerStore(
            clients.secretsManager(),
            AwsSecretsManagerStoreConfig.json(name, CredentialStoreContract.KEYS, null, false));
    assertThatThrownBy(() -> strict.publish("r-1", c, "fp"))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.SECRET_NOT_FOUND));
    assertThat(admin.exists(name)).isFalse();

    String kms = "alias/costcred-test";
    new AwsSecretsManagerStore(
            clients.secretsManager(),
            AwsSecretsManagerStoreConfig.json(name, CredentialStoreContract.KEYS, kms, true))
        .publish("r-1", c, "fp");
    var d = clients.secretsManager().describeSecret(b -> b.secretId(name));
    assertThat(d.kmsKeyId()).isEqualTo(kms);
    assertThat(d.description()).isEqualTo(AwsSecretsManagerStore.DESCRIPTION);
  }

  @Test
  void aSecretThatIsNotJsonIsRefusedWithoutQuotingIt() {
    String name = name();
    String foreign = "not-json-" + UUID.randomUUID();
    clients.secretsManager().createSecret(b -> b.name(name).secretString(foreign));
    AwsSecretsManagerStore store = json(clients.secretsManager(), name);
    assertThatThrownBy(() -> store.publish("r-1", token(), "fp"))
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.INVALID_SPEC);
              assertThat(e.getMessage()).doesNotContain(foreign);
            });
    assertThat(admin.current(name)).contains(foreign);
  }

  @Test
  void throttlingIsTransientAndRateLimited() {
    String name = name();
    admin.put(name, "OTHER", "x");
    proxy.failNext(1, r -> r.is("PutSecretValue"), Fault.json(400, "ThrottlingException"));
    TransientException e =
        publishFails(json(proxied.secretsManager(), name), TransientException.class);
    assertThat(e.reason()).isEqualTo(Reasons.RATE_LIMITED);
    assertThat(e.retryAfter()).isPresent();
    assertThat(proxy.faulted()).isEqualTo(1);
  }

  @Test
  void serverErrorsAreTransient() {
    proxy.failNext(1, r -> r.is("DescribeSecret"), Fault.json(500, "InternalServiceError"));
    TransientException e =
        publishFails(json(proxied.secretsManager(), name()), TransientException.class);
    assertThat(e.reason()).isEqualTo(Reasons.STORE_FAILED);
    assertThat(e.getMessage()).contains("500");
  }

  @Test
  void accessDeniedIsPermanent() {
    proxy.failNext(1, r -> r.is("DescribeSecret"), Fault.json(400, "AccessDeniedException"));
    PermanentException e =
        publishFails(json(proxied.secretsManager(), name()), PermanentException.class);
    assertThat(e.reason()).isEqualTo(Reasons.STORE_FAILED);
    assertThat(e.getMessage()).contains("AccessDeniedException").contains("IAM policy");
  }

  @Test
  void anUnreachableEndpointIsTransient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (AwsClients dead =
        new AwsClients(SmAdmin.connection(URI.create("http://127.0.0.1:" + port)))) {
      TransientException e =
          publishFails(json(dead.secretsManager(), name()), TransientException.class);
      assertThat(e.getMessage()).contains("unreachable");
    }
  }

  @Test
  void assumeRoleSendsTheExternalIdAndAOneHourSession() {
    AwsConnection viaRole =
        new AwsConnection(
            MotoServer.REGION,
            proxy.endpoint(),
            new AwsConnection.AssumeRole(
                "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/costcred",
                "ext-123",
                null,
                new AwsConnection.StaticKeys(SecretValue.of("testing"), SecretValue.of("testing"))),
            Duration.ofSeconds(5),
            1);
    try (AwsClients assumed = new AwsClients(viaRole)) {
      Credential c = token();
      AwsSecretsManagerStore store = json(assumed.secretsManager(), name());
      store.publish("r-1", c, "fp");
      assertThat(store.read()).contains(c);
    }
    FaultProxy.Request assume =
        proxy.requests().stream().filter(r -> r.is("AssumeRole")).findFirst().orElseThrow();
    assertThat(assume.body())
        .contains("ExternalId=ext-123")
        .contains("DurationSeconds=3600")
        .contains("RoleSessionName=costcred-operator");
  }

  private <T extends CostCredException> T publishFails(
      AwsSecretsManagerStore store, Class<T> type) {
    Credential c = token();
    try {
      store.publish("r-1", c, "fp");
    } catch (CostCredException e) {
      assertThat(e).isInstanceOf(type);
      LeakScan.assertNoSecrets("exception message", e.getMessage(), secrets);
      return type.cast(e);
    }
    throw new AssertionError("publish did not fail");
  }

  private static AwsSecretsManagerStore json(SecretsManagerClient sm, String name) {
    return new AwsSecretsManagerStore(
        sm, AwsSecretsManagerStoreConfig.json(name, CredentialStoreContract.KEYS, null, true));
  }

  private static String name() {
    return "costcred/" + UUID.randomUUID();
  }

  private Credential token() {
    String v = "tok-" + UUID.randomUUID();
    secrets.add(v);
    return Credential.token(SecretValue.of(v));
  }
}
