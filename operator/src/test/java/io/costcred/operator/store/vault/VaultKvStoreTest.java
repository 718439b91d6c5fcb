package io.costcred.operator.store.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.store.CredentialStoreContract;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.MutableClock;
import io.costcred.testsupport.OpenBaoServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vault-specific behaviour against real OpenBao: metadata, AppRole, renewal, TLS, faults. */
class VaultKvStoreTest {
  static OpenBaoServer bao;
  static VaultAuthSetup auth;
  private final List<String> secrets = new ArrayList<>();

  @BeforeAll
  static void server() {
    bao = OpenBaoServer.shared();
    auth = VaultAuthSetup.on(bao);
  }

  /** Nothing this test handed out may appear in the log of the test JVM. */
  @AfterEach
  void noSecretInTheLog() throws java.io.IOException {
    LeakScan.assertNoSecrets("test log", LeakScan.log(), secrets);
  }

  @Test
  void customMetadataCarriesRotationIdAndFingerprintButNeverTheValue() {
    String path = "meta/" + UUID.randomUUID();
    VaultKvStore store = store(bao.address(), path, root(), null);
    Credential c = token();
    String version = store.publish("uid-r7", c, "fp-abc");
    JsonNode meta = new KvAdmin(bao, "secret", path).metadata();
    assertThat(version).isEqualTo(meta.path("current_version").asText()).isEqualTo("1");
    JsonNode custom = meta.path("custom_metadata");
    assertThat(custom.path(VaultKvStore.ROTATION_ID_METADATA).asText()).isEqualTo("uid-r7");
    assertThat(custom.path(VaultKvStore.FINGERPRINT_METADATA).asText()).isEqualTo("fp-abc");
    LeakScan.assertNoSecrets("custom_metadata", meta.toString(), secrets);
  }

  @Test
  void foreignValuesKeepTheirJsonTypes() {
    String path = "types/" + UUID.randomUUID();
    bao.ok(
        "POST", "secret/data/" + path, "{\"data\":{\"port\":5432,\"tls\":true,\"o\":{\"a\":1}}}");
    store(bao.address(), path, root(), null).publish("r-1", token(), "fp");
    JsonNode data = KvAdmin.parse(bao.ok("GET", "secret/data/" + path, null)).path("data");
    assertThat(data.path("data").path("port").isInt()).isTrue();
    assertThat(data.path("data").path("tls").isBoolean()).isTrue();
    assertThat(data.path("data").path("o").path("a").asInt()).isEqualTo(1);
  }

  @Test
  void appRoleTokenIsRenewedBeforeItExpiresAndReplacedWhenRenewalFails() {
    MutableClock clock = new MutableClock(Instant.now());
    String path = "costcred/" + UUID.randomUUID();
    VaultKvStore store =
        new VaultKvStore(config(bao.address(), path, auth.appRole("writer"), null), clock);
    Credential c = token();
    store.publish("r-1", c, "fp");
    assertThat(store.logins()).isEqualTo(1);
    assertThat(store.renewals()).isZero();

    clock.advance(Duration.ofSeconds(45)); // past two thirds of the 60 s lease
    assertThat(store.read()).contains(c);
    assertThat(store.renewals()).isEqualTo(1);
    assertThat(store.logins()).isEqualTo(1);

    auth.revokeAppRoleTokens(); // renewal will be refused
    clock.advance(Duration.ofSeconds(45));
    assertThat(store.read()).contains(c);
    assertThat(store.logins()).isEqualTo(2);

    auth.revokeAppRoleTokens(); // no renewal due: the request gets a 403 and logs in again
    assertThat(store.read()).contains(c);
    assertThat(store.logins()).isEqualTo(3);
  }

  @Test
  void policyDenialIsPermanent() {
    String path = "elsewhere/" + UUID.randomUUID();
    VaultKvStore store =
        new VaultKvStore(config(bao.address(), path, auth.appRole("writer"), null));
    Credential c = token();
    assertThatThrownBy(() -> store.publish("r-1", c, "fp"))
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.STORE_FAILED);
              assertThat(e.getMessage()).contains("403").contains("policy");
              LeakScan.assertNoSecrets("message", e.getMessage(), secretsWithAuth());
            });
  }

  @Test
  void wrongAppRoleSecretIdIsPermanent() {
    VaultStoreConfig.Auth bad =
        new VaultStoreConfig.AppRoleAuth(
            "approle", SecretValue.of(auth.roleId("writer")), SecretValue.of("not-the-secret-id"));
    VaultKvStore store = new VaultKvStore(config(bao.address(), "costcred/x", bad, null));
    assertThatThrownBy(store::read)
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> {
              assertThat(e.getMessage()).contains("login");
              assertThat(e.getMessage()).doesNotContain("not-the-secret-id");
            });
  }

  @Test
  void sealedVaultIsTransient() {
    try (OpenBaoServer own = OpenBaoServer.start()) {
      VaultKvStore store =
          new VaultKvStore(
              config(
                  own.address(),
                  "sealed/x",
                  new VaultStoreConfig.TokenAuth(SecretValue.of(own.rootToken())),
                  null));
      store.publish("r-1", token(), "fp");
      own.seal();
      Credential c = token();
      assertThatThrownBy(() -> store.publish("r-2", c, "fp"))
          .isInstanceOfSatisfying(
              TransientException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reasons.STORE_FAILED);
                assertThat(e.getMessage()).contains("503");
                LeakScan.assertNoSecrets("message", e.getMessage(), secrets);
              });
      assertThatThrownBy(store::read).isInstanceOf(TransientException.class);
    }
  }

  @Test
  void unreachableVaultIsTransient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    VaultKvStore store = store("http://127.0.0.1:" + port, "x", root(), null);
    assertThatThrownBy(() -> store.publish("r-1", token(), "fp"))
        .isInstanceOfSatisfying(
            TransientException.class, e -> assertThat(e.getMessage()).contains("unreachable"));
  }

  @Test
  void tlsWithTheCaBundleWorksAndWithoutItIsRefused() {
    try (OpenBaoServer tls = OpenBaoServer.startTls()) {
      VaultStoreConfig.Auth token = new VaultStoreConfig.TokenAuth(SecretValue.of(tls.rootToken()));
      VaultKvStore trusted = new VaultKvStore(config(tls.address(), "tls/x", token, tls.caPem()));
      Credential c = token();
      trusted.publish("r-1", c, "fp");
      assertThat(trusted.read()).contains(c);

      VaultKvStore untrusted = new VaultKvStore(config(tls.address(), "tls/x", token, null));
      assertThatThrownBy(untrusted::read).isInstanceOf(TransientException.class);
    }
  }

  @Test
  void writesInsideAVaultNamespace() {
    String ns = "team-" + UUID.randomUUID().toString().substring(0, 8);
    bao.ok("POST", "sys/namespaces/" + ns, "{}");
    OpenBaoServer.Answer mount =
        bao.callIn(
            ns, "POST", "sys/mounts/kv", "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}");
    assertThat(mount.status()).isEqualTo(204);
    VaultStoreConfig cfg =
        new VaultStoreConfig(
            bao.address(), ns, null, "kv", "app/creds", CredentialStoreContract.KEYS, root(), null);
    VaultKvStore store = new VaultKvStore(cfg);
    Credential c = token();
    store.publish("r-1", c, "fp");
    assertThat(store.read()).contains(c);
    assertThat(bao.callIn(ns, "GET", "kv/data/app/creds", null).status()).isEqualTo(200);
    assertThat(bao.call("GET", "kv/data/app/creds", null).status()).isNotEqualTo(200);
  }

  private VaultKvStore store(String address, String path, VaultStoreConfig.Auth a, String ca) {
    return new VaultKvStore(config(address, path, a, ca));
  }

  static VaultStoreConfig config(String address, String path, VaultStoreConfig.Auth a, String ca) {
    return new VaultStoreConfig(
        address, null, ca, "secret", path, CredentialStoreContract.KEYS, a, Duration.ofSeconds(5));
  }

  private VaultStoreConfig.Auth root() {
    return new VaultStoreConfig.TokenAuth(SecretValue.of(bao.rootToken()));
  }

  private Credential token() {
    String v = "tok-" + UUID.randomUUID();
    secrets.add(v);
    return Credential.token(SecretValue.of(v));
  }

  private List<String> secretsWithAuth() {
    List<String> all = new ArrayList<>(secrets);
    all.add(auth.secretId("writer"));
    all.add(bao.rootToken());
    return all;
  }
}
