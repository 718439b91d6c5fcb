package io.costcred.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What is remembered of a Secret is served only while the informer shows the same uid and version.
 */
class SecretMemoryTest {
  private final Map<String, SecretVersions.Seen> informer = new HashMap<>();
  private final SecretMemory memory =
      new SecretMemory((ns, name) -> Optional.ofNullable(informer.get(ns + "/" + name)));

  private static Secret secret(String name, String uid, String version) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace("team")
        .withName(name)
        .withUid(uid)
        .withResourceVersion(version)
        .endMetadata()
        .build();
  }

  private Optional<String> recall(String name) {
    return memory.recall("cr-1", "store", "team", name, String.class);
  }

  @Test
  void servedWhileTheInformerShowsTheSameUidAndVersion() {
    memory.remember("cr-1", "store", secret("app", "u1", "7"), "fp");
    assertThat(recall("app")).as("not watched or not seen yet").isEmpty();
    informer.put("team/app", new SecretVersions.Seen("u1", "7"));
    assertThat(recall("app")).contains("fp");
    assertThat(memory.recall("cr-2", "store", "team", "app", String.class))
        .as("another credential's memory")
        .isEmpty();
    assertThat(memory.recall("cr-1", "ledger", "team", "app", String.class)).isEmpty();
  }

  @Test
  void anEditOrASecretCreatedAgainUnderTheSameNameIsReadAgain() {
    memory.remember("cr-1", "store", secret("app", "u1", "7"), "fp");
    informer.put("team/app", new SecretVersions.Seen("u1", "8"));
    assertThat(recall("app")).as("edited").isEmpty();
    informer.put("team/app", new SecretVersions.Seen("u2", "7"));
    assertThat(recall("app")).as("deleted and created again").isEmpty();
  }

  @Test
  void withoutAnInformerNothingIsKept() {
    SecretMemory.NONE.remember("cr-1", "store", secret("app", "u1", "7"), "fp");
    assertThat(SecretMemory.NONE.size()).isZero();
  }

  @Test
  void boundedPerCredentialAndForgottenWithIt() {
    for (int i = 0; i < SecretMemory.PER_CREDENTIAL * 3; i++) {
      memory.remember("cr-1", "store", secret("s" + i, "u" + i, "1"), "fp");
    }
    memory.remember("cr-2", "store", secret("app", "u1", "7"), "fp");
    assertThat(memory.size()).isLessThanOrEqualTo(SecretMemory.PER_CREDENTIAL + 1);
    memory.forget("cr-1");
    assertThat(memory.size()).isEqualTo(1);
    memory.drop("cr-2", "store", "team", "app");
    assertThat(memory.size()).isZero();
  }

  private static final String UID_A = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final String UID_B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  /** The same rules with the ids the API server gives, which an entry keeps packed. */
  @Test
  void packedIdsAreServedOnlyWhileTheInformerShowsTheSameOnes() {
    memory.remember("cr-1", "store", secret("app", UID_A, "7"), "fp");
    informer.put("team/app", new SecretVersions.Seen(UID_A, "7"));
    assertThat(recall("app")).contains("fp");
    informer.put("team/app", new SecretVersions.Seen(UID_A, "8"));
    assertThat(recall("app")).as("edited").isEmpty();
    informer.put("team/app", new SecretVersions.Seen(UID_B, "7"));
    assertThat(recall("app")).as("deleted and created again").isEmpty();
    informer.put("team/app", new SecretVersions.Seen(UID_A, "07"));
    assertThat(recall("app")).as("another text is another version").isEmpty();
  }

  /**
   * An entry keeps only its name's hash: a Secret whose name has the same hash is never served the
   * other's memory (the informer shows it with another uid), and remembering it replaces the other.
   */
  @Test
  void twoNamesWithTheSameHashNeverServeEachOthersMemory() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    informer.put("team/Aa", new SecretVersions.Seen(UID_A, "7"));
    informer.put("team/BB", new SecretVersions.Seen(UID_B, "9"));

    memory.remember("cr-1", "store", secret("Aa", UID_A, "7"), "fp-a");
    assertThat(recall("Aa")).contains("fp-a");
    assertThat(recall("BB")).as("BB is another Secret").isEmpty();

    memory.remember("cr-1", "store", secret("BB", UID_B, "9"), "fp-b");
    assertThat(recall("BB")).contains("fp-b");
    assertThat(recall("Aa")).as("replaced by BB's entry: read again").isEmpty();
    assertThat(memory.size()).isEqualTo(1);
  }
}
