package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/** Rotation intervals recommended by the seed documents, per environment. */
public enum RotationPreset {
  @JsonProperty("production")
  PRODUCTION(Duration.ofDays(90)),
  @JsonProperty("staging")
  STAGING(Duration.ofDays(180)),
  @JsonProperty("development")
  DEVELOPMENT(Duration.ofDays(365));

  private final Duration interval;

  RotationPreset(Duration interval) {
    this.interval = interval;
  }

  public Duration interval() {
    return interval;
  }
}
