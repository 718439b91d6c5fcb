package io.costcred.operator.store.aws;

import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.CredentialStoreContract;
import io.costcred.testsupport.MotoServer;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The store contract against a real moto server (Secrets Manager, JSON secrets). */
class AwsSecretsManagerStoreContractTest extends CredentialStoreContract {
  static MotoServer moto;
  static AwsClients clients;
  static SmAdmin admin;

  @BeforeAll
  static void server() {
    moto = MotoServer.shared();
    clients = new AwsClients(SmAdmin.connection(moto.endpoint()));
    admin = new SmAdmin(clients.secretsManager());
  }

  @AfterAll
  static void close() {
    clients.close();
  }

  @BeforeEach
  void reset() {
    moto.reset();
  }

  @Override
  protected Fixture fixture() {
    String name = "contract/" + UUID.randomUUID();
    AwsSecretsManagerStore store =
        new AwsSecretsManagerStore(
            clients.secretsManager(), AwsSecretsManagerStoreConfig.json(name, KEYS, null, true));
    return new Fixture() {
      @Override
      public CredentialStore store() {
        return store;
      }

      @Override
      public void putForeign(String key, String value) {
        admin.put(name, key, value);
      }

      @Override
      public Optional<String> raw(String key) {
        return admin.get(name, key);
      }

      @Override
      public boolean interleave(Runnable write) {
        AtomicBoolean once = new AtomicBoolean();
        store.beforeCommit(
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
