package io.costcred.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.testsupport.LeakScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CredentialStore} promises, run against each implementation and its real peer.
 * Each test gets a fresh destination from {@link #fixture()}.
 */
public abstract class CredentialStoreContract {
  /** The mapping every fixture uses: key API_TOKEN receives field token. */
  public static final List<KeyMapping> KEYS = List.of(mapping("API_TOKEN", Credential.TOKEN));

  private final List<String> secrets = new ArrayList<>();

  /** A destination of the store under test, and raw access to it that bypasses the store. */
  protected interface Fixture {
    CredentialStore store();

    /** Sets one key in the destination directly, keeping the others (creating it if needed). */
    void putForeign(String key, String value);

    /** One key's raw value in the destination, or empty. */
    Optional<String> raw(String key);

    /**
     * Makes the store's next write run {@code write} after the store has read and before it
     * commits; false when the store cannot detect concurrent writers.
     */
    boolean interleave(Runnable write);
  }

  /** A fresh, empty destination for one test. */
  protected abstract Fixture fixture();

  protected static KeyMapping mapping(String key, String field) {
    KeyMapping m = new KeyMapping();
    m.setKey(key);
    m.setField(field);
    return m;
  }

  protected Credential token() {
    String value = "tok-" + UUID.randomUUID();
    secrets.add(value);
    return Credential.token(SecretValue.of(value));
  }

  protected static String value(Credential c) {
    return c.field(Credential.TOKEN).reveal();
  }

  /** Nothing this test handed out may appear in the log of the test JVM. */
  @AfterEach
  void noSecretInTheLog() throws java.io.IOException {
    LeakScan.assertNoSecrets("test log", LeakScan.log(), secrets);
  }

  @Test
  void readOfAMissingDestinationIsEmpty() {
    assertThat(fixture().store().read()).isEmpty();
  }

  @Test
  void publishThenReadReturnsTheCredential() {
    Fixture f = fixture();
    Credential c = token();
    String version = f.store().publish("r-1", c, "fp-1");
    assertThat(version).isNotBlank();
    assertThat(f.store().read()).contains(c);
    assertThat(f.raw("API_TOKEN")).contains(value(c));
  }

  @Test
  void publishingTwiceIsIdempotent() {
    Fixture f = fixture();
    Credential c = token();
    String first = f.store().publish("r-1", c, "fp-1");
    String second = f.store().publish("r-1", c, "fp-1");
    assertThat(second).isEqualTo(first);
    assertThat(f.store().read()).contains(c);
  }

  @Test
  void aNewCredentialGetsANewVersion() {
    Fixture f = fixture();
    String first = f.store().publish("r-1", token(), "fp-1");
    Credential next = token();
    String second = f.store().publish("r-2", next, "fp-2");
    assertThat(second).isNotEqualTo(first);
    assertThat(f.store().read()).contains(next);
  }

  @Test
  void foreignKeysArePreserved() {
    Fixture f = fixture();
    f.putForeign("OTHER", "kept");
    f.store().publish("r-1", token(), "fp-1");
    assertThat(f.raw("OTHER")).contains("kept");
    f.putForeign("LATER", "also-kept");
    Credential next = token();
    f.store().publish("r-2", next, "fp-2");
    assertThat(f.raw("OTHER")).contains("kept");
    assertThat(f.raw("LATER")).contains("also-kept");
    assertThat(f.store().read()).contains(next);
  }

  @Test
  void removeKeepsForeignKeys() {
    Fixture f = fixture();
    f.putForeign("OTHER", "kept");
    f.store().publish("r-1", token(), "fp-1");
    f.store().remove();
    assertThat(f.store().read()).isEmpty();
    assertThat(f.raw("API_TOKEN")).isEmpty();
    assertThat(f.raw("OTHER")).contains("kept");
    f.store().remove(); // idempotent
    assertThat(f.raw("OTHER")).contains("kept");
  }

  @Test
  void removeOfOnlyOwnKeysLeavesNothingReadable() {
    Fixture f = fixture();
    f.store().publish("r-1", token(), "fp-1");
    f.store().remove();
    assertThat(f.store().read()).isEmpty();
    f.store().remove();
  }

  @Test
  void aConcurrentWriterIsDetectedNotOverwritten() {
    Fixture f = fixture();
    f.store().publish("r-1", token(), "fp-1");
    if (!f.interleave(() -> f.putForeign("RACE", "theirs"))) {
      return; // this store cannot detect concurrent writers
    }
    Credential next = token();
    assertThatThrownBy(() -> f.store().publish("r-2", next, "fp-2"))
        .isInstanceOfSatisfying(
            TransientException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.STORE_FAILED);
              LeakScan.assertNoSecrets("exception message", e.getMessage(), secrets);
            });
    assertThat(f.raw("RACE")).contains("theirs");
    f.store().publish("r-2", next, "fp-2"); // the retry reads the other writer's version
    assertThat(f.raw("RACE")).contains("theirs");
    assertThat(f.store().read()).contains(next);
  }

  /** Values handed out by {@link #token()}, for leak checks in subclasses. */
  protected List<String> secrets() {
    return secrets;
  }
}
