package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * How the operator treats the workloads and Pods that read the credential's Kubernetes Secrets,
 * listed in {@code restartTargets} or not (they are discovered from their pod templates).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ConsumerSpec {
  @Default("false")
  @JsonPropertyDescription(
      "Also restart discovered Deployments, StatefulSets, DaemonSets and Rollouts that read a store"
          + " Secret but are not restart targets. Jobs, CronJobs and bare Pods are only reported.")
  private Boolean restartDiscovered;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Consumers that read the Secret from a mounted file at each use (a volume without subPath):"
          + " never restarted; their pods count as cut over once the kubelet has refreshed the"
          + " volume (mountedFileDelay after publishing).")
  private List<ConsumerRef> reloadsMountedFile = new ArrayList<>();

  @Default("2m")
  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription(
      "How long the kubelet takes to refresh a mounted Secret (its sync period plus cache TTL).")
  private String mountedFileDelay;

  @Default("72h")
  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription(
      "Scheduled revocation waits while a running Pod or a recent key use shows the old"
          + " credential in use; after this long past its deadline it proceeds anyway (Warning"
          + " Event RevocationHoldExpired). Emergencies never wait.")
  private String maxRevocationHold;

  public Boolean getRestartDiscovered() {
    return restartDiscovered;
  }

  public void setRestartDiscovered(Boolean restartDiscovered) {
    this.restartDiscovered = restartDiscovered;
  }

  public List<ConsumerRef> getReloadsMountedFile() {
    return reloadsMountedFile;
  }

  public void setReloadsMountedFile(List<ConsumerRef> reloadsMountedFile) {
    this.reloadsMountedFile = reloadsMountedFile;
  }

  public String getMountedFileDelay() {
    return mountedFileDelay;
  }

  public void setMountedFileDelay(String mountedFileDelay) {
    this.mountedFileDelay = mountedFileDelay;
  }

  public String getMaxRevocationHold() {
    return maxRevocationHold;
  }

  public void setMaxRevocationHold(String maxRevocationHold) {
    this.maxRevocationHold = maxRevocationHold;
  }
}
