package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** When the credential rotates. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "!has(self.gracePeriod) || duration(self.gracePeriod) < (has(self.interval) ? duration(self.interval) : (has(self.preset) && self.preset == 'development' ? duration('8760h') : has(self.preset) && self.preset == 'staging' ? duration('4320h') : duration('2160h')))",
    message = "gracePeriod must be shorter than the rotation interval")
public class RotationSpec {
  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription(
      "Time between scheduled rotations (Go duration, e.g. 2160h). Overrides the preset.")
  private String interval;

  @Default("production")
  @JsonPropertyDescription(
      "Named policy from the seeds: production 90 days, staging 180 days, development 365 days.")
  private RotationPreset preset;

  @Default("24h")
  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription(
      "How long the old token stays valid after every consumer has rolled out.")
  private String gracePeriod;

  @Default("15m")
  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription(
      "How long a restarted workload may take before the rollout counts as stalled.")
  private String rolloutTimeout;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Scheduled rotations start only inside one of these windows; emergencies ignore them.")
  private List<MaintenanceWindow> maintenanceWindows;

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public RotationPreset getPreset() {
    return preset;
  }

  public void setPreset(RotationPreset preset) {
    this.preset = preset;
  }

  public String getGracePeriod() {
    return gracePeriod;
  }

  public void setGracePeriod(String gracePeriod) {
    this.gracePeriod = gracePeriod;
  }

  public String getRolloutTimeout() {
    return rolloutTimeout;
  }

  public void setRolloutTimeout(String rolloutTimeout) {
    this.rolloutTimeout = rolloutTimeout;
  }

  public List<MaintenanceWindow> getMaintenanceWindows() {
    return maintenanceWindows;
  }

  public void setMaintenanceWindows(List<MaintenanceWindow> maintenanceWindows) {
    this.maintenanceWindows = maintenanceWindows;
  }
}
