package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.store.CredentialStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stores are written at the same time, and one failing store does not stop the others. */
class ParallelPublishTest {
  /** A store whose write only returns once every store of the rotation is being written. */
  private record Rendezvous(String id, CountDownLatch all, boolean fails)
      implements CredentialStore {
    @Override
    public String publish(String rotationId, Credential credential, String fingerprint) {
      all.countDown();
      try {
        if (!all.await(20, TimeUnit.SECONDS)) {
          throw new AssertionError(id + " was written alone: the stores were written in turn");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (fails) {
        throw new TransientException("StoreFailed", id + ": 503");
      }
      return id + "@" + rotationId;
    }

    @Override
    public Optional<Credential> read() {
      return Optional.empty();
    }

    @Override
    public void remove() {}
  }

  @Test
  void everyStoreIsWrittenConcurrentlyAndEachOutcomeIsKept() {
    CountDownLatch all = new CountDownLatch(3);
    List<CredentialStore> stores =
        List.of(
            new Rendezvous("kubernetesSecret/a", all, false),
            new Rendezvous("vault/secret/a", all, true),
            new Rendezvous("awsSecretsManager/a", all, false));

    List<ParallelPublish.Outcome> out =
        ParallelPublish.publish(stores, "r1", Credential.token(SecretValue.of("t")), "fp");

    assertThat(out)
        .extracting(o -> o.store().id())
        .containsExactly("kubernetesSecret/a", "vault/secret/a", "awsSecretsManager/a");
    assertThat(out.get(0).version()).isEqualTo("kubernetesSecret/a@r1");
    assertThat(out.get(1).failure()).isInstanceOf(TransientException.class);
    assertThat(out.get(2).version()).isEqualTo("awsSecretsManager/a@r1");
  }
}
