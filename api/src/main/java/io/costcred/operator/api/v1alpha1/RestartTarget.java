package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A workload restarted after the token changed, by name or by label selector. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "has(self.name) != has(self.matchLabels)",
    message = "set exactly one of name and matchLabels")
public class RestartTarget {
  @Required
  @JsonPropertyDescription("Deployment, StatefulSet, DaemonSet or Rollout (argoproj.io).")
  private WorkloadKind kind;

  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription("Name of the workload, in the same namespace.")
  private String name;

  @Size(max = 16)
  @ValidationRule(value = Validation.LABEL_KEYS, message = Validation.LABEL_KEYS_MESSAGE)
  @JsonPropertyDescription("Restart every workload of this kind whose labels match.")
  private Map<String, @Size(max = 63) String> matchLabels;

  public WorkloadKind getKind() {
    return kind;
  }

  public void setKind(WorkloadKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels;
  }
}
