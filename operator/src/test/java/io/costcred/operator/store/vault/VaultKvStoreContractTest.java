package io.costcred.operator.store.vault;

import io.costcred.operator.core.SecretValue;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.CredentialStoreContract;
import io.costcred.testsupport.OpenBaoServer;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real OpenBao dev server (KV v2 at secret/). */
class VaultKvStoreContractTest extends CredentialStoreContract {
  static OpenBaoServer bao;

  @BeforeAll
  static void server() {
    bao = OpenBaoServer.shared();
  }

  @Override
  protected Fixture fixture() {
    String path = "contract/" + UUID.randomUUID();
    VaultKvStore store =
        new VaultKvStore(
            new VaultStoreConfig(
                bao.address(),
                null,
                null,
                "secret",
                path,
                KEYS,
                new VaultStoreConfig.TokenAuth(SecretValue.of(bao.rootToken())),
                null));
    KvAdmin kv = new KvAdmin(bao, "secret", path);
    return new Fixture() {
      @Override
      public CredentialStore store() {
        return store;
      }

      @Override
      public void putForeign(String key, String value) {
        kv.put(key, value);
      }

      @Override
      public Optional<String> raw(String key) {
        return kv.get(key);
      }

      @Override
      public boolean interleave(Runnable write) {
        AtomicBoolean once = new AtomicBoolean();
        store.beforeWrite(
            () -> {
              if (once.compareAndSet(false, true)) {
                write.run();
              }
            });
        return true;
      }
    };
  }
}
