package io.costcred.operator.rotation.fakes;

import io.costcred.operator.core.Credential;
import io.costcred.operator.store.CredentialStore;
import java.util.Optional;
import java.util.function.Supplier;

/** A store in memory; {@link #failWith} makes it unreachable. Counts publish attempts. */
public final class InMemoryStore implements CredentialStore {
  private final String id;
  private Credential served;
  private long version;
  private Supplier<RuntimeException> failure;
  private int publishes;

  public InMemoryStore(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized String publish(String rotationId, Credential credential, String fp) {
    publishes++;
    if (failure != null) {
      throw failure.get();
    }
    if (served == null || !served.equals(credential)) {
      served = credential;
      version++;
    }
    return String.valueOf(version);
  }

  @Override
  public synchronized Optional<Credential> read() {
    if (failure != null) {
      throw failure.get();
    }
    return Optional.ofNullable(served);
  }

  @Override
  public synchronized void remove() {
    served = null;
  }

  /** What it serves, bypassing any failure (for the invariants). */
  public synchronized Optional<Credential> served() {
    return Optional.ofNullable(served);
  }

  public synchronized void failWith(Supplier<RuntimeException> f) {
    this.failure = f;
  }

  public synchronized int publishes() {
    return publishes;
  }
}
