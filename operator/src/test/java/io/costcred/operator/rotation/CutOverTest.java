package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.ConsumerKind;
import io.costcred.operator.api.v1alpha1.ConsumerRestart;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.StoreStatus;
import io.costcred.operator.consumers.Access;
import io.costcred.operator.consumers.Consumer;
import io.costcred.operator.consumers.PodView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-pod cut-over rule, pure. */
class CutOverTest {
  private static final Instant PUBLISHED = Instant.parse("2026-12-01T10:00:00Z");
  private static final String FP = "fp-new";

  private static CostCredentialStatus published(String fp, String at) {
    CostCredentialStatus st = new CostCredentialStatus();
    StoreStatus s = new StoreStatus();
    s.setStore("kubernetesSecret/token");
    s.setFingerprint(fp);
    s.setPublishedAt(at);
    st.getStores().add(s);
    return st;
  }

  private static ConsumerPolicy policy(Set<String> mounted) {
    return new ConsumerPolicy(
        Map.of("token", "kubernetesSecret/token"),
        false,
        mounted,
        Duration.ofMinutes(2),
        Duration.ofHours(72),
        Annotations.fingerprintKey("cred"),
        Annotations.fieldManager("cred"));
  }

  private static CutOver.Evaluated one(
      Set<Access> how, Set<String> mounted, CostCredentialStatus st, Instant now, PodView pod) {
    Consumer c = new Consumer(ConsumerKind.Deployment, "app", Map.of("token", how), List.of(pod));
    return CutOver.evaluate(List.of(c), st, policy(mounted), Set.of(), now).get(0);
  }

  private static PodView pod(Instant created, Map<String, String> annotations) {
    return new PodView("p", created, false, annotations);
  }

  @Test
  void aPodOfThePublishSecondMayHaveReadTheOldValue() {
    CostCredentialStatus st = published(FP, PUBLISHED.toString());
    Instant now = PUBLISHED.plusSeconds(10);
    assertThat(one(Set.of(Access.Env), Set.of(), st, now, pod(PUBLISHED, Map.of())).oldPods())
        .containsExactly("p");
    assertThat(
            one(Set.of(Access.Env), Set.of(), st, now, pod(PUBLISHED.plusSeconds(1), Map.of()))
                .current())
        .isOne();
  }

  @Test
  void theCredentialsOwnKeyOrTheSharedKeyOfEarlierReleasesCountsAsStamped() {
    CostCredentialStatus st = published(FP, PUBLISHED.toString());
    Instant early = PUBLISHED.minusSeconds(600);
    assertThat(
            one(
                    Set.of(Access.Env),
                    Set.of(),
                    st,
                    PUBLISHED,
                    pod(early, Map.of(Annotations.fingerprintKey("cred"), FP)))
                .current())
        .isOne();
    assertThat(
            one(
                    Set.of(Access.Env),
                    Set.of(),
                    st,
                    PUBLISHED,
                    pod(early, Map.of(Annotations.CREDENTIAL_FINGERPRINT, FP)))
                .current())
        .isOne();
    assertThat(
            one(
                    Set.of(Access.Env),
                    Set.of(),
                    st,
                    PUBLISHED,
                    pod(early, Map.of(Annotations.fingerprintKey("other"), FP)))
                .oldPods())
        .as("another credential's key says nothing about this one")
        .hasSize(1);
  }

  @Test
  void aMountedFileReaderIsCutOverAfterTheKubeletDelayUnlessItAlsoReadsEnvOrSubPath() {
    CostCredentialStatus st = published(FP, PUBLISHED.toString());
    Instant early = PUBLISHED.minusSeconds(600);
    Set<String> mounted = Set.of("Deployment/app");
    Instant soon = PUBLISHED.plusSeconds(60);
    Instant later = PUBLISHED.plusSeconds(120);
    assertThat(one(Set.of(Access.Volume), mounted, st, soon, pod(early, Map.of())).oldPods())
        .hasSize(1);
    CutOver.Evaluated e = one(Set.of(Access.Volume), mounted, st, later, pod(early, Map.of()));
    assertThat(e.current()).isOne();
    assertThat(e.restart()).isEqualTo(ConsumerRestart.MountedFile);
    assertThat(
            one(Set.of(Access.Volume, Access.Env), mounted, st, later, pod(early, Map.of()))
                .oldPods())
        .hasSize(1);
    assertThat(one(Set.of(Access.SubPath), mounted, st, later, pod(early, Map.of())).oldPods())
        .hasSize(1);
    assertThat(one(Set.of(Access.Volume), Set.of(), st, later, pod(early, Map.of())).oldPods())
        .as("not declared: the app may have read the file once at start")
        .hasSize(1);
  }

  @Test
  void aStoreWithNothingPublishedGivesNoEvidenceOfAnOlderToken() {
    Instant early = PUBLISHED.minusSeconds(600);
    assertThat(
            one(
                    Set.of(Access.Env),
                    Set.of(),
                    new CostCredentialStatus(),
                    PUBLISHED,
                    pod(early, Map.of()))
                .current())
        .isOne();
    assertThat(
            one(Set.of(Access.Env), Set.of(), published(FP, null), PUBLISHED, pod(early, Map.of()))
                .current())
        .isOne();
  }

  @Test
  void stillOldNamesTheConsumerAndAtMostThreePods() {
    Consumer c =
        new Consumer(
            ConsumerKind.Pod,
            "debug",
            Map.of("token", Set.of(Access.Env)),
            List.of(
                pod(PUBLISHED.minusSeconds(9), Map.of()),
                new PodView("q", PUBLISHED.minusSeconds(9), true, Map.of()),
                new PodView("r", PUBLISHED.minusSeconds(9), false, Map.of()),
                new PodView("s", PUBLISHED.minusSeconds(9), false, Map.of())));
    var e =
        CutOver.evaluate(
            List.of(c), published(FP, PUBLISHED.toString()), policy(Set.of()), Set.of(), PUBLISHED);
    assertThat(CutOver.stillOld(e)).containsExactly("Pod debug (pods p, q, r and 1 more)");
  }
}
