package io.costcred.operator.rotation.fakes;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.core.ConflictException;
import io.costcred.operator.rotation.StatusWriter;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * One CostCredential as the API server keeps it: stored as JSON (so nothing the engine holds is
 * shared with it), with a resourceVersion bumped at every write and checked like optimistic
 * locking. {@link #conflictNext} makes the next write fail as a concurrent change would.
 */
public final class InMemoryStatusWriter implements StatusWriter {
  private String stored;
  private long version;
  private int writes;
  private boolean conflictNext;

  public InMemoryStatusWriter(CostCredential initial) {
    CostCredential cr = copy(initial);
    cr.getMetadata().setResourceVersion(String.valueOf(++version));
    if (cr.getMetadata().getAnnotations() == null) {
      cr.getMetadata().setAnnotations(new HashMap<>());
    }
    stored = Serialization.asJson(cr);
  }

  @Override
  public synchronized CostCredential write(CostCredential credential) {
    CostCredential current = get();
    if (conflictNext
        || !current
            .getMetadata()
            .getResourceVersion()
            .equals(credential.getMetadata().getResourceVersion())) {
      conflictNext = false;
      throw new ConflictException("status of " + credential.getMetadata().getName() + " changed");
    }
    current.setStatus(copy(credential).getStatus());
    current.getMetadata().setResourceVersion(String.valueOf(++version));
    stored = Serialization.asJson(current);
    writes++;
    return get();
  }

  /** The object as stored, a fresh copy each time (what an informer would deliver). */
  public synchronized CostCredential get() {
    return Serialization.unmarshal(stored, CostCredential.class);
  }

  /** A user's change of metadata or spec (bumps resourceVersion; generation only if asked). */
  public synchronized void edit(Consumer<CostCredential> change, boolean specChange) {
    CostCredential cr = get();
    change.accept(cr);
    cr.getMetadata().setResourceVersion(String.valueOf(++version));
    if (specChange) {
      Long g = cr.getMetadata().getGeneration();
      cr.getMetadata().setGeneration(g == null ? 2 : g + 1);
    }
    stored = Serialization.asJson(cr);
  }

  /** The stored JSON, for the secret-leak scan. */
  public synchronized String json() {
    return stored;
  }

  public synchronized int writes() {
    return writes;
  }

  public synchronized void conflictNext() {
    conflictNext = true;
  }

  private static CostCredential copy(CostCredential cr) {
    return Serialization.unmarshal(Serialization.asJson(cr), CostCredential.class);
  }
}
