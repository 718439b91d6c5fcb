package io.costcred.operator.provider;

import java.time.Duration;

/** Receives provider request outcomes for metrics; never sees credential values. */
public interface ProviderObserver {
  ProviderObserver NONE = new ProviderObserver() {};

  /** One request to the provider finished with the given outcome (HTTP status or error kind). */
  default void request(String provider, String operation, String outcome, Duration latency) {}

  /** A request was held back because the shared rate budget was exhausted. */
  default void rateLimitWait(String provider, Duration wait) {}
}
