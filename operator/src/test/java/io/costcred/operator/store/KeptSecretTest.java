package io.costcred.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The ledger copy D46 keeps: every field an update sends back, never its values in text. */
class KeptSecretTest {
  private static final String TOKEN =
      Base64.getEncoder().encodeToString("vntg_tkn_kept_secret_probe".getBytes());

  private static Secret ledger() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("cc-costcred-tokens")
        .withNamespace("team-a")
        .withUid("u1")
        .withResourceVersion("42")
        .addToLabels("costcred.io/role", "ledger")
        .addToAnnotations("note", "kept")
        .addToFinalizers("backup.example.com/keep")
        .withOwnerReferences(
            new OwnerReferenceBuilder().withKind("CostCredential").withName("cc").build())
        .endMetadata()
        .withType("Opaque")
        .addToData("current.token", TOKEN)
        .build();
  }

  @Test
  void theRebuiltSecretEqualsTheOriginalAndIsItsOwn() {
    Secret original = ledger();
    KeptSecret kept = KeptSecret.of(original);

    Secret a = kept.secret();
    assertThat(a).isEqualTo(original);
    a.getData().put("pending.token", TOKEN);
    a.getMetadata().getOwnerReferences().get(0).setName("changed");
    assertThat(kept.secret()).isEqualTo(original);
    original.getMetadata().getLabels().put("later", "x");
    assertThat(kept.secret().getMetadata().getLabels()).doesNotContainKey("later");
  }

  @Test
  void itsTextNamesTheKeysNotTheValues() {
    String text = KeptSecret.of(ledger()).toString();
    assertThat(text).contains("team-a/cc-costcred-tokens", "current.token");
    assertThat(text).doesNotContain(TOKEN).doesNotContain("vntg_tkn");
  }

  /**
   * Not kept: creationTimestamp, which an update cannot change. The owner's name and the credential
   * label's value are one String.
   */
  @Test
  void theCreationTimestampIsNotKeptAndTheOwnersNameIsTheLabelsValue() {
    Secret original =
        new SecretBuilder(ledger())
            .editMetadata()
            .withCreationTimestamp("2026-12-05T07:00:00Z")
            .addToLabels("costcred.io/credential", new String("cc".toCharArray()))
            .endMetadata()
            .build();
    original.getMetadata().getOwnerReferences().get(0).setName(new String("cc".toCharArray()));

    Secret rebuilt = KeptSecret.of(original).secret();

    assertThat(rebuilt.getMetadata().getCreationTimestamp()).isNull();
    assertThat(rebuilt.getMetadata().getOwnerReferences().get(0).getName())
        .isSameAs(rebuilt.getMetadata().getLabels().get("costcred.io/credential"));
    rebuilt.getMetadata().setCreationTimestamp("2026-12-05T07:00:00Z");
    assertThat(rebuilt).isEqualTo(original);
  }
}
