package io.costcred.operator.store;

import java.util.Optional;

/** The Secret informer's view of a Secret: its uid and resourceVersion, with no API request. */
@FunctionalInterface
public interface SecretVersions {
  /** No informer: nothing is known, so every read goes to the API server. */
  SecretVersions NONE = (namespace, name) -> Optional.empty();

  /** The Secret's current uid and resourceVersion, or empty when unknown or not watched. */
  Optional<Seen> current(String namespace, String name);

  /** A Secret's identity (uid: a Secret deleted and created again is another) and version. */
  record Seen(String uid, String resourceVersion) {}
}
