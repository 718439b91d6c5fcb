package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a CostCredential: where the token comes from, where it goes, who uses it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CostCredentialSpec {
  @Required
  @JsonPropertyDescription("Where new tokens come from and how they are verified and revoked.")
  private ProviderSpec provider;

  @JsonPropertyDescription("When the credential is rotated. Defaults to the production preset.")
  private RotationSpec rotation;

  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Every place the current token is written to.")
  private List<StoreSpec> stores = new ArrayList<>();

  @Size(max = 32)
  @JsonPropertyDescription("Workloads restarted after the token changed, in the same namespace.")
  private List<RestartTarget> restartTargets = new ArrayList<>();

  @Default("Retain")
  @JsonPropertyDescription(
      "What happens to the stores and tokens when the CostCredential is deleted: Retain keeps"
          + " them; Delete removes the operator's keys from the stores and revokes the current"
          + " token where the provider has an API (otherwise an Event asks an admin to).")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  @JsonPropertyDescription(
      "An additional ClusterRotationPolicy to follow. It can only narrow: the policy whose"
          + " namespaceSelector matches the namespace applies as well, and both must be met; its"
          + " rotation defaults are used. A name that does not exist stops everything"
          + " (PolicyUnavailable).")
  @Size(max = 253)
  private String policyRef;

  @JsonPropertyDescription(
      "Workloads and Pods that read the store Secrets without being restart targets: whether"
          + " they are restarted too, which re-read a mounted file, how long revocation waits for"
          + " them.")
  private ConsumerSpec consumers;

  @JsonPropertyDescription(
      "Optional notifications of failures, manual revocations and emergencies to a Slack, Teams"
          + " or generic JSON webhook whose URL is in a Secret of this namespace.")
  private NotificationSpec notification;

  @JsonPropertyDescription(
      "Pauses scheduled rotations (rotation interval or preset), as suspend does on a CronJob."
          + " Emergency rotations, manual rotate requests, the first token, the replacement of a"
          + " rejected token, a rotation already running and pending revocations of old tokens"
          + " go on. A ClusterRotationPolicy maxInterval still applies: once the current token is"
          + " that old, it is rotated at the next maintenance window despite suspend. The"
          + " Rotating condition says Suspended.")
  private Boolean suspend;

  public ProviderSpec getProvider() {
    return provider;
  }

  public void setProvider(ProviderSpec provider) {
    this.provider = provider;
  }

  public RotationSpec getRotation() {
    return rotation;
  }

  public void setRotation(RotationSpec rotation) {
    this.rotation = rotation;
  }

  public List<StoreSpec> getStores() {
    return stores;
  }

  public void setStores(List<StoreSpec> stores) {
    this.stores = stores;
  }

  public List<RestartTarget> getRestartTargets() {
    return restartTargets;
  }

  public void setRestartTargets(List<RestartTarget> restartTargets) {
    this.restartTargets = restartTargets;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public NotificationSpec getNotification() {
    return notification;
  }

  public void setNotification(NotificationSpec notification) {
    this.notification = notification;
  }

  public String getPolicyRef() {
    return policyRef;
  }

  public void setPolicyRef(String policyRef) {
    this.policyRef = policyRef;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  /** True when {@code spec.suspend} is set to true. */
  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }

  public ConsumerSpec getConsumers() {
    return consumers;
  }

  public void setConsumers(ConsumerSpec consumers) {
    this.consumers = consumers;
  }
}
