package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** A workload or bare Pod that reads one of the credential's Kubernetes Secrets. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ConsumerStatus {
  @JsonPropertyDescription(
      "Deployment, StatefulSet, DaemonSet, Rollout, ReplicaSet, Job, CronJob or Pod.")
  private String kind;

  @JsonPropertyDescription("Name of the workload or Pod, in the CostCredential namespace.")
  private String name;

  @JsonPropertyDescription("Target, Discovered, MountedFile or NotRestarted.")
  private ConsumerRestart restart;

  @JsonPropertyDescription("How it reads the Secret: Env, Volume, SubPath.")
  private List<String> reads = new ArrayList<>();

  @JsonPropertyDescription("Running pods.")
  private Integer pods;

  @JsonPropertyDescription("Running pods started with the current credential.")
  private Integer podsCurrent;

  @JsonPropertyDescription("Running pods that may still hold an older credential.")
  private Integer podsOld;

  @JsonPropertyDescription("Names of some of those pods (at most 5).")
  private List<String> oldPods = new ArrayList<>();

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public ConsumerRestart getRestart() {
    return restart;
  }

  public void setRestart(ConsumerRestart restart) {
    this.restart = restart;
  }

  public List<String> getReads() {
    return reads;
  }

  public void setReads(List<String> reads) {
    this.reads = reads;
  }

  public Integer getPods() {
    return pods;
  }

  public void setPods(Integer pods) {
    this.pods = pods;
  }

  public Integer getPodsCurrent() {
    return podsCurrent;
  }

  public void setPodsCurrent(Integer podsCurrent) {
    this.podsCurrent = podsCurrent;
  }

  public Integer getPodsOld() {
    return podsOld;
  }

  public void setPodsOld(Integer podsOld) {
    this.podsOld = podsOld;
  }

  public List<String> getOldPods() {
    return oldPods;
  }

  public void setOldPods(List<String> oldPods) {
    this.oldPods = oldPods;
  }
}
