package io.costcred.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ledger copy D46 keeps: every field an update sends back, never its values in text; the
 * metadata the operator gives every ledger only when the Secret no longer has exactly that (D58).
 */
class KeptSecretTest {
  private static final String TOKEN =
      Base64.getEncoder().encodeToString("vntg_tkn_kept_secret_probe".getBytes());
  private static final String UID = "0c6e1f0a-7d3b-4c52-9a51-4e8f3f3b2a10";

  private static OwnerReference owner() {
    return new OwnerReferenceBuilder()
        .withApiVersion("costcred.io/v1alpha1")
        .withKind("CostCredential")
        .withName("cc")
        .withUid("5b3f8f6e-2f64-4f0c-8a0e-0e4d1c2b9a77")
        .withController(false)
        .withBlockOwnerDeletion(false)
        .build();
  }

  /** As {@code TokenLedger} creates it: name, namespace, two labels, the owner, the type. */
  private static Secret usual() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("cc-costcred-tokens")
        .withNamespace("team-a")
        .addToLabels("costcred.io/credential", "cc")
        .addToLabels("costcred.io/role", "ledger")
        .withOwnerReferences(owner())
        .endMetadata()
        .withType("Opaque")
        .build();
  }

  /** The usual ledger as the API server returns it: ids, an annotation, a token. */
  private static Secret ledger() {
    return new SecretBuilder(usual())
        .editMetadata()
        .withUid(UID)
        .withResourceVersion("42")
        .addToAnnotations("costcred.io/deactivated-keys", "AKIA1@2026-12-05T07:00:00Z")
        .endMetadata()
        .addToData("current.token", TOKEN)
        .build();
  }

  @Test
  void aUsualLedgerKeepsNoMetadataOfItsOwnAndIsRebuiltWhole() {
    Secret original = ledger();
    KeptSecret kept = KeptSecret.of(original, usual());

    assertThat(kept.keptWhole()).isFalse();
    assertThat(kept.secret(usual())).isEqualTo(original);
  }

  /** Each way a ledger can differ from the usual one; kept whole, rebuilt equal. */
  static Stream<Arguments> changedLedgers() {
    return Stream.of(
        changed("another label", s -> s.getMetadata().getLabels().put("team", "a")),
        changed("a label removed", s -> s.getMetadata().getLabels().remove("costcred.io/role")),
        changed("a finalizer", s -> s.getMetadata().setFinalizers(List.of("backup.example/keep"))),
        changed(
            "a second owner",
            s ->
                s.getMetadata()
                    .setOwnerReferences(
                        List.of(
                            owner(),
                            new OwnerReferenceBuilder()
                                .withApiVersion("v1")
                                .withKind("ConfigMap")
                                .withName("x")
                                .withUid("9f1f6c1e-1c2b-4c3d-8e4f-5a6b7c8d9e0f")
                                .build()))),
        changed(
            "the owner as controller",
            s -> s.getMetadata().getOwnerReferences().get(0).setController(true)),
        changed("no owner", s -> s.getMetadata().setOwnerReferences(List.of())),
        changed("another type", s -> s.setType("costcred.io/ledger")),
        changed("immutable", s -> s.setImmutable(true)),
        changed("another name", s -> s.getMetadata().setName("cc-costcred-tokens-2")),
        changed("no uid", s -> s.getMetadata().setUid(null)));
  }

  private static Arguments changed(String what, Consumer<Secret> change) {
    return Arguments.of(what, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changedLedgers")
  void aChangedLedgerIsKeptWholeAndRebuiltEqual(String what, Consumer<Secret> change) {
    Secret original = ledger();
    change.accept(original);
    KeptSecret kept = KeptSecret.of(original, usual());

    assertThat(kept.keptWhole()).as(what).isEqualTo(!"no uid".equals(what));
    assertThat(kept.secret(usual())).as(what).isEqualTo(original);
  }

  @Test
  void theRebuiltSecretIsItsOwn() {
    for (Secret original : List.of(ledger(), withLabel(ledger()))) {
      KeptSecret kept = KeptSecret.of(original, usual());
      Secret expected = new SecretBuilder(original).build();

      Secret a = kept.secret(usual());
      a.getData().put("pending.token", TOKEN);
      a.getMetadata().getAnnotations().put("x", "y");
      a.getMetadata().getLabels().put("later", "x");
      a.getMetadata().getOwnerReferences().get(0).setName("changed");
      assertThat(kept.secret(usual())).isEqualTo(expected);
      original.getData().put("later.token", TOKEN);
      original.getMetadata().getLabels().put("later", "x");
      assertThat(kept.secret(usual())).isEqualTo(expected);
    }
  }

  @Test
  void itsTextNamesTheKeysNotTheValues() {
    for (Secret s : List.of(ledger(), withLabel(ledger()))) {
      String text = KeptSecret.of(s, usual()).toString();
      assertThat(text).contains("@42", "current.token");
      assertThat(text).doesNotContain(TOKEN).doesNotContain("vntg_tkn");
    }
    assertThat(KeptSecret.of(withLabel(ledger()), usual()).toString())
        .contains("team-a/cc-costcred-tokens");
  }

  /** Not kept: creationTimestamp, which an update cannot change. */
  @Test
  void theCreationTimestampIsNotKept() {
    for (Secret s : List.of(ledger(), withLabel(ledger()))) {
      Secret original =
          new SecretBuilder(s)
              .editMetadata()
              .withCreationTimestamp("2026-12-05T07:00:00Z")
              .endMetadata()
              .build();

      Secret rebuilt = KeptSecret.of(original, usual()).secret(usual());

      assertThat(rebuilt.getMetadata().getCreationTimestamp()).isNull();
      rebuilt.getMetadata().setCreationTimestamp("2026-12-05T07:00:00Z");
      assertThat(rebuilt).isEqualTo(original);
    }
  }

  private static Secret withLabel(Secret s) {
    s.getMetadata().getLabels().put("team", "a");
    return s;
  }
}
