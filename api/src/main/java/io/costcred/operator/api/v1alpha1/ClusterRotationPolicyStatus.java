package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of a ClusterRotationPolicy, written by the operator only when it changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = ConditionsSchema.class,
    input = "Ready: True while the policy is valid (reason Valid or PriorityTie), else False.")
public class ClusterRotationPolicyStatus {
  /** Ready=True: the spec is valid and applied where the policy wins. */
  public static final String REASON_VALID = "Valid";

  /**
   * Ready=True: valid, but another policy with the same priority selects some of the same
   * namespaces; there the name decides (the policy whose name sorts first wins).
   */
  public static final String REASON_PRIORITY_TIE = "PriorityTie";

  /** Ready=False: the limits contradict each other or the policy's own defaults break them. */
  public static final String REASON_INVALID_SPEC = "InvalidSpec";

  @JsonPropertyDescription("metadata.generation the status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Namespaces whose labels match namespaceSelector.")
  private Integer selectedNamespaces;

  @JsonPropertyDescription(
      "CostCredentials the policy governs: those of the namespaces where it wins, and those whose"
          + " policyRef names it.")
  private Integer governedCredentials;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Integer getSelectedNamespaces() {
    return selectedNamespaces;
  }

  public void setSelectedNamespaces(Integer selectedNamespaces) {
    this.selectedNamespaces = selectedNamespaces;
  }

  public Integer getGovernedCredentials() {
    return governedCredentials;
  }

  public void setGovernedCredentials(Integer governedCredentials) {
    this.governedCredentials = governedCredentials;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterRotationPolicyStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(selectedNamespaces, s.selectedNamespaces)
        && Objects.equals(governedCredentials, s.governedCredentials)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, selectedNamespaces, governedCredentials, conditions);
  }
}
