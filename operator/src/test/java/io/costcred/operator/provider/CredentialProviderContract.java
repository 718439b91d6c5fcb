package io.costcred.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.TokenRejectedException;
import io.costcred.operator.provider.CredentialProvider.Capabilities;
import io.costcred.operator.provider.CredentialProvider.Obtained;
import io.costcred.operator.provider.CredentialProvider.RevocationState;
import io.costcred.testsupport.LeakScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the rotation engine relies on from every {@link CredentialProvider}, run against each
 * implementation and its peer (Vantage on the fake Vantage API, IAM on moto). Each test gets a
 * fresh source from {@link #newFixture()}; obtaining goes the engine's way: the {@link
 * CredentialProvider#prepare} steps, then {@link CredentialProvider#obtain}.
 */
public abstract class CredentialProviderContract {
  private final List<String> secrets = new ArrayList<>();

  /** A fresh source of credentials for one test, and out-of-band access to it. */
  protected interface Fixture {
    /** The provider under test, bound to this fixture's records as the engine binds it. */
    CredentialProvider provider();

    /** Makes one more credential obtainable: a pool entry; nothing for a minting provider. */
    void supply();

    /**
     * Credentials the source holds for the provider that nobody has consumed yet (pool entries) or
     * that exist (minted keys), as the peer reports them.
     */
    int outstanding();

    /** A credential of the provider's shape that it never issued; its values are not secret. */
    Credential bogus();

    /** Whether the peer, asked directly, says the credential no longer works. */
    boolean revokedAtSource(Credential c);

    /** Revokes the credential as an admin would in the provider's console. */
    void revokeAsAdmin(Credential c);

    /** The credential fields that are secret (an IAM key id is not; its secret key is). */
    Set<String> secretFields();
  }

  /** A fresh source for one test. */
  protected abstract Fixture newFixture();

  private Set<String> secretFields = Set.of();

  private Fixture fixture() {
    Fixture f = newFixture();
    secretFields = f.secretFields();
    return f;
  }

  /** Nothing this test handed out may appear in the log of the test JVM. */
  @AfterEach
  void noSecretInTheLog() throws java.io.IOException {
    LeakScan.assertNoSecrets("test log", LeakScan.log(), secrets);
  }

  /** As the engine obtains: each prepared step, then obtain. */
  protected Obtained obtain(CredentialProvider p, String rotationId) {
    for (var step : p.prepare(rotationId)) {
      assertThat(step.name()).matches("[a-z]+\\.[a-zA-Z]+"); // a stable name, no ids
      step.run();
    }
    Obtained o = p.obtain(rotationId);
    track(o.credential());
    assertNoSecret("Obtained.toString", o.toString());
    return o;
  }

  @Test
  void obtainIsStableUntilConsumedOrIdempotentPerRotation() {
    Fixture f = fixture();
    f.supply();
    f.supply();
    CredentialProvider p = f.provider();
    int before = f.outstanding();
    Obtained first = obtain(p, "r-1");
    Obtained again = obtain(p, "r-1"); // a retry whose first result was lost
    if (p.capabilities().mints()) {
      // A retry leaves one credential for the rotation, not two.
      assertThat(f.outstanding()).isEqualTo(before + 1);
      assertThat(p.verify(again.credential())).isNotNull();
    } else {
      assertThat(again.handleId()).isEqualTo(first.handleId());
      assertThat(again.credential()).isEqualTo(first.credential());
      // Not consumed yet: another rotation is offered the same entry.
      assertThat(obtain(p, "r-2").handleId()).isEqualTo(first.handleId());
      p.consume(first, "r-1");
      assertThat(obtain(p, "r-2").handleId()).isNotEqualTo(first.handleId());
    }
  }

  @Test
  void consumeIsIdempotentForTheSameRotationAndRefusedToAnother() {
    Fixture f = fixture();
    f.supply();
    f.supply();
    CredentialProvider p = f.provider();
    Obtained o = obtain(p, "r-1");
    p.consume(o, "r-1");
    p.consume(o, "r-1"); // a repeat after a crash
    if (!p.capabilities().mints()) {
      assertThatThrownBy(() -> p.consume(o, "r-2"))
          .isInstanceOfSatisfying(
              PoolEntryTakenException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(PoolEntryTakenException.REASON);
                assertNoSecret("PoolEntryTakenException", e.getMessage());
              });
    }
  }

  @Test
  void verifyAcceptsAFreshCredentialAndRejectsABogusOne() {
    Fixture f = fixture();
    f.supply();
    CredentialProvider p = f.provider();
    Obtained o = obtain(p, "r-1");
    var v = p.verify(o.credential());
    assertThat(v.description()).isNotBlank();
    assertNoSecret("Verification", v.toString());
    Credential bogus = f.bogus();
    track(bogus);
    assertThatThrownBy(() -> p.verify(bogus))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.TOKEN_REJECTED);
              assertNoSecret("TokenRejectedException", e.getMessage());
            });
  }

  @Test
  void verifyRejectsARevokedCredential() {
    Fixture f = fixture();
    f.supply();
    CredentialProvider p = f.provider();
    Obtained o = obtain(p, "r-1");
    p.consume(o, "r-1");
    f.revokeAsAdmin(o.credential());
    assertThatThrownBy(() -> p.verify(o.credential()))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.TOKEN_REJECTED);
              assertNoSecret("TokenRejectedException", e.getMessage());
            });
  }

  /** revokesByApi means revoke() itself disables the credential; otherwise an admin must. */
  @Test
  void revokeFollowsTheDeclaredCapabilityAndIsSafeTwice() {
    Fixture f = fixture();
    f.supply();
    CredentialProvider p = f.provider();
    Obtained o = obtain(p, "r-1");
    p.consume(o, "r-1");
    if (p.capabilities().revokesByApi()) {
      assertThat(p.revoke(o.credential(), o.handleId())).isEqualTo(RevocationState.REVOKED);
      assertThat(f.revokedAtSource(o.credential())).isTrue();
    } else {
      assertThat(p.revoke(o.credential(), o.handleId()))
          .isEqualTo(RevocationState.AWAITING_MANUAL_REVOCATION);
      assertThat(f.revokedAtSource(o.credential())).isFalse(); // it only looked
      f.revokeAsAdmin(o.credential());
      assertThat(p.revoke(o.credential(), o.handleId())).isEqualTo(RevocationState.REVOKED);
    }
    assertThat(p.revoke(o.credential(), o.handleId())).isEqualTo(RevocationState.REVOKED);
    assertThat(f.revokedAtSource(o.credential())).isTrue();
  }

  /** A pool reports what is left; a minting provider has no pool. */
  @Test
  void poolStateMatchesTheSource() {
    Fixture f = fixture();
    CredentialProvider p = f.provider();
    if (p.capabilities().mints()) {
      assertThat(p.poolState()).isEmpty();
      return;
    }
    f.supply();
    f.supply();
    assertThat(p.poolState()).get().extracting(s -> s.usable()).isEqualTo(2);
    Obtained o = obtain(p, "r-1");
    p.consume(o, "r-1");
    assertThat(p.poolState()).get().extracting(s -> s.usable()).isEqualTo(1);
    assertThat(f.outstanding()).isEqualTo(1);
  }

  /** A declared key retention really deletes what revoke disabled, once, and idempotently. */
  @Test
  void keyRetentionDeletesWhatRevokeDisabled() {
    Fixture f = fixture();
    CredentialProvider p = f.provider();
    assumeThat(p.capabilities().keyRetention()).isPresent();
    KeyRetention retention = p.capabilities().keyRetention().get();
    assertThat(retention.retention()).isPositive();
    f.supply();
    Obtained o = obtain(p, "r-1");
    int before = f.outstanding();
    String keyId = retention.keyId(o.credential());
    assertNoSecret("keyId", keyId);
    p.revoke(o.credential(), o.handleId());
    assertThat(retention.deleteDeactivated(keyId)).isEqualTo(KeyRetention.Deletion.DELETED);
    assertThat(f.outstanding()).isEqualTo(before - 1);
    assertThat(retention.deleteDeactivated(keyId)).isEqualTo(KeyRetention.Deletion.GONE);
  }

  /** A declared key usage answers for a fresh key without any secret in its answer. */
  @Test
  void keyUsageAnswersWithoutSecrets() {
    Fixture f = fixture();
    CredentialProvider p = f.provider();
    assumeThat(p.capabilities().keyUsage()).isPresent();
    f.supply();
    Obtained o = obtain(p, "r-1");
    var use = p.capabilities().keyUsage().get().lastUse(o.handleId()).describe();
    assertThat(use).isNotEmpty();
    assertNoSecret("lastUse", use.toString());
  }

  /** The kind and capabilities are values the status can show: no secrets, stable. */
  @Test
  void kindAndCapabilitiesAreStable() {
    CredentialProvider p = fixture().provider();
    Capabilities c = p.capabilities();
    assertThat(p.kind()).isNotBlank();
    assertThat(p.at(CallPriority.EMERGENCY).capabilities().mints()).isEqualTo(c.mints());
    assertThat(p.at(CallPriority.EMERGENCY).kind()).isEqualTo(p.kind());
    assertThat(c.toString()).contains("mints=" + c.mints());
  }

  private void track(Credential c) {
    for (String field : secretFields) {
      secrets.add(c.field(field).reveal());
    }
  }

  private void assertNoSecret(String where, String text) {
    LeakScan.assertNoSecrets(where, text, secrets);
  }
}
