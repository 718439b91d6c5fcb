package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.IamWorld;
import io.costcred.e2e.support.Specs;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, IAM key use as revocation evidence, end to end: the packaged operator as its own
 * process under the chart's RBAC, real moto. An IAM CostCredential rotates initially and once more
 * on {@code costcred.io/rotate}; its store Secret has no consumers, so every pod "cut over" at
 * once. Then a request signed with the OLD key (STS GetCallerIdentity, as a forgotten client
 * outside the cluster would send) reaches moto after the cut-over plus the allowed clock skew. At
 * the deadline the operator asks IAM for the old key's last use, finds that request, and holds the
 * revocation: the key stays Active, the condition names the key and the time. An acknowledgement
 * with the rotation id lets it proceed: the key goes Inactive. The timings are logged as {@code
 * MEASURED}.
 */
class KeyUseHoldIT {
  private static final Logger LOG = LoggerFactory.getLogger(KeyUseHoldIT.class);
  private static final String NAME = "finfocus-aws";
  private static final String OUT = "finfocus-aws-keys";
  private static final String ACK = "costcred.io/acknowledge-revocation-hold";
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration SKEW = Duration.ofSeconds(2);
  private static final Duration SETTLE = Duration.ofSeconds(120);

  private IamWorld w;
  private String user;

  /** The old key, read from the store Secret before the second rotation. */
  private String oldKeyId;

  private String oldSecret;
  private String newKeyId;

  /** IAM's last use of the old key when it became current (the operator's own verification). */
  private Instant verifiedUse;

  @Test
  void anOldKeyUsedAfterTheCutOverIsNotDeactivatedUntilAcknowledged() throws Exception {
    try (IamWorld world = IamWorld.create("key-use-hold")) {
      w = world;
      user = Specs.iamUser(w.ns, "app");
      w.moto.createUser(user); // no key yet: the operator mints the first one
      w.startOperator(List.of("--provider-clock-skew=" + SKEW.toSeconds() + "s"));

      initialRotation();
      Cr rotated = secondRotation();
      JsonNode pr = rotated.pendingRevocations().get(0);
      Instant cutOverAt = Instant.parse(pr.path("cutOverAt").asText());
      Instant deadline = Instant.parse(pr.path("deadline").asText());
      Instant usedAt = useOldKeyAfterCutOver(cutOverAt, deadline);
      String rotationId = assertHeld(usedAt, deadline);
      acknowledge(rotationId);

      w.assertNoLeaks();
      LOG.info(
          "MEASURED leak scan: {} secret values absent from the operator output, status and Events",
          w.leaks.secrets());
    }
  }

  private void initialRotation() {
    long t0 = System.nanoTime();
    w.apply(
        Specs.iam(w.ns, NAME, w.connection, user, OUT)
            .replace("gracePeriod: 1h", "gracePeriod: " + GRACE.toSeconds() + "s"));
    Cr c =
        w.awaitCr(
            NAME,
            "initial rotation completed",
            SETTLE,
            x -> x.currentFingerprint() != null && !x.rotating() && x.revision() >= 1);
    LOG.info("MEASURED initial rotation: {} ms", millisSince(t0));
    Map<String, String> keys = w.secretData(OUT);
    oldKeyId = keys.get("AWS_ACCESS_KEY_ID");
    oldSecret = keys.get("AWS_SECRET_ACCESS_KEY");
    w.leaks.add(oldSecret);
    assertThat(oldKeyId).as("access key id published").isNotBlank();
    assertThat(oldSecret).as("secret access key published").isNotBlank();
    assertThat(c.text("/status/currentToken/id")).isEqualTo(oldKeyId);
    assertThat(w.moto.keys(user)).containsExactly(Map.entry(oldKeyId, "Active"));
    assertThat(c.pendingRevocations()).as("nothing to revoke after the first key").isEmpty();
    verifiedUse = w.moto.lastUsed(oldKeyId);
    LOG.info("MEASURED first key last used (its verification) at {}", verifiedUse);
  }

  /** {@code costcred.io/rotate}: a second key; the first is queued, its cut-over recorded. */
  private Cr secondRotation() {
    long revision = w.cr(NAME).revision();
    long t0 = System.nanoTime();
    w.annotate(NAME, "costcred.io/rotate", "e2e-" + Long.toString(System.nanoTime(), 36));
    Cr c =
        w.awaitCr(
            NAME,
            "second rotation completed and the cut-over recorded",
            SETTLE,
            x ->
                x.revision() > revision
                    && !x.rotating()
                    && x.pendingRevocations().size() == 1
                    && !x.pendingRevocations().get(0).path("cutOverAt").asText().isEmpty());
    LOG.info("MEASURED rotation on costcred.io/rotate: {} ms", millisSince(t0));
    Map<String, String> keys = w.secretData(OUT);
    newKeyId = keys.get("AWS_ACCESS_KEY_ID");
    w.leaks.add(keys.get("AWS_SECRET_ACCESS_KEY"));
    assertThat(newKeyId).isNotBlank().isNotEqualTo(oldKeyId);
    assertThat(c.text("/status/currentToken/id")).isEqualTo(newKeyId);
    JsonNode pr = c.pendingRevocations().get(0);
    assertThat(pr.at("/token/id").asText()).as("queued for revocation").isEqualTo(oldKeyId);
    assertThat(pr.path("reason").asText()).isEqualTo("Rotated");
    assertThat(pr.path("state").asText()).isEqualTo("Scheduled");
    assertThat(c.json().at("/status/consumers")).as("the store Secret has no consumers").isEmpty();
    assertThat(w.moto.keys(user))
        .containsExactlyInAnyOrderEntriesOf(Map.of(oldKeyId, "Active", newKeyId, "Active"));
    LOG.info(
        "MEASURED completed at {}, cutOverAt {}, deadline {}",
        c.text("/status/lastRotationTime"),
        pr.path("cutOverAt").asText(),
        pr.path("deadline").asText());
    awaitEvent("ConsumersCutOver");
    return c;
  }

  /**
   * A client that still holds the old key uses it, more than the allowed skew after the cut-over
   * and before the deadline; returns when IAM (moto) records that use.
   */
  private Instant useOldKeyAfterCutOver(Instant cutOverAt, Instant deadline) throws Exception {
    Instant before = w.moto.lastUsed(oldKeyId);
    assertThat(before)
        .as("nobody used the old key since it was verified, the operator neither")
        .isEqualTo(verifiedUse);
    assertThat(before == null || !before.isAfter(cutOverAt.plus(SKEW)))
        .as("no use of the old key after the cut-over yet (last use %s)", before)
        .isTrue();
    // cutOverAt is rounded down to the second: one more second makes the use surely later.
    Instant notBefore = cutOverAt.plus(SKEW).plusSeconds(1);
    long wait = Duration.between(Instant.now(), notBefore).toMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    String arn = w.moto.callerIdentity(oldKeyId, oldSecret);
    assertThat(arn).as("moto knows the old key as the user's").endsWith(":user/" + user);
    Instant usedAt = w.moto.lastUsed(oldKeyId);
    LOG.info(
        "MEASURED old key used at {} ({} ms after cutOverAt, {} ms before the deadline)",
        usedAt,
        Duration.between(cutOverAt, usedAt).toMillis(),
        Duration.between(usedAt, deadline).toMillis());
    assertThat(usedAt).as("IAM's last use of the old key").isAfter(cutOverAt.plus(SKEW));
    assertThat(usedAt)
        .as("the use must precede the deadline for the test to prove anything (too slow?)")
        .isBefore(deadline);
    assertThat(w.moto.keys(user).get(oldKeyId)).isEqualTo("Active");
    return usedAt;
  }

  /** Past the deadline, the revocation is Held on the key's use; returns its rotation id. */
  private String assertHeld(Instant usedAt, Instant deadline) throws Exception {
    Cr c =
        w.awaitCr(
            NAME,
            "revocation of the old key held",
            GRACE.plus(SETTLE),
            x ->
                !x.pendingRevocations().isEmpty()
                    && "Held".equals(x.pendingRevocations().get(0).path("state").asText()));
    Instant heldSeen = Instant.now();
    String lastUse = DateTimeFormatter.ISO_INSTANT.format(usedAt.truncatedTo(ChronoUnit.SECONDS));
    JsonNode pr = c.pendingRevocations().get(0);
    LOG.info(
        "MEASURED held {} ms after the deadline; heldSince {}; condition: {}",
        Duration.between(deadline, heldSeen).toMillis(),
        pr.path("heldSince").asText(),
        c.condition("RevocationHeld").map(n -> n.path("message").asText()).orElse(null));
    assertThat(pr.path("heldReason").asText()).isEqualTo("OldKeyStillUsed");
    assertThat(pr.path("heldBy").asText()).contains(oldKeyId).contains(lastUse);
    assertThat(Instant.parse(pr.path("heldSince").asText())).isAfterOrEqualTo(deadline);
    assertThat(c.conditionStatus("RevocationHeld")).isEqualTo("True");
    assertThat(c.conditionReason("RevocationHeld")).isEqualTo("OldKeyStillUsed");
    assertThat(c.condition("RevocationHeld").orElseThrow().path("message").asText())
        .as("the condition names the key and its last use")
        .contains(oldKeyId)
        .contains(lastUse);
    assertThat(w.moto.keys(user).get(oldKeyId)).as("old key while held").isEqualTo("Active");
    List<Event> held = awaitEvent("RevocationHeld");
    assertThat(held.get(0).getType()).isEqualTo("Warning");
    assertThat(held.get(0).getMessage()).contains(oldKeyId).contains(lastUse);
    // Still held a few seconds later: nothing deactivates the key behind the hold's back.
    Thread.sleep(3000);
    assertThat(w.moto.keys(user).get(oldKeyId)).as("old key 3 s into the hold").isEqualTo("Active");
    assertThat(w.cr(NAME).pendingRevocations().get(0).path("state").asText()).isEqualTo("Held");
    return pr.at("/token/rotationId").asText();
  }

  /** The admin acknowledges the hold by rotation id: the old key is deactivated. */
  private void acknowledge(String rotationId) {
    assertThat(rotationId).as("rotation id of the pending revocation").isNotBlank();
    long t0 = System.nanoTime();
    w.annotate(NAME, ACK, rotationId);
    Cr c =
        w.awaitCr(
            NAME,
            "revocation done after the acknowledgement",
            SETTLE,
            x -> x.pendingRevocations().isEmpty());
    w.await(
        "old key Inactive in IAM",
        SETTLE,
        () -> "Inactive".equals(w.moto.keys(user).get(oldKeyId)));
    LOG.info("MEASURED acknowledgement to old key Inactive: {} ms", millisSince(t0));
    assertThat(w.moto.keys(user))
        .containsExactlyInAnyOrderEntriesOf(Map.of(oldKeyId, "Inactive", newKeyId, "Active"));
    List<Event> acked = awaitEvent("RevocationHoldAcknowledged");
    assertThat(acked.get(0).getMessage()).contains(oldKeyId);
    assertThat(c.conditionStatus("RevocationHeld")).isEqualTo("False");
    assertThat(c.conditionReason("RevocationHeld")).isEqualTo("NoneHeld");
    assertThat(c.json().at("/status/inactiveKeys").findValuesAsText("id")).contains(oldKeyId);
    LOG.info("MEASURED events: {}", eventReasons());
  }

  /** The Events with {@code reason} about the CostCredential, once there is one. */
  private List<Event> awaitEvent(String reason) {
    w.await("Event " + reason, SETTLE, () -> !events(reason).isEmpty());
    return events(reason);
  }

  private List<Event> events(String reason) {
    return w.events(NAME).stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  private List<String> eventReasons() {
    return w.events(NAME).stream().map(Event::getReason).toList();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000L;
  }
}
