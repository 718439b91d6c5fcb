package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A consumer of the credential named by kind and name, in the CostCredential's namespace. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ConsumerRef {
  @Required
  @JsonPropertyDescription(
      "Deployment, StatefulSet, DaemonSet, Rollout, ReplicaSet, Job, CronJob or Pod.")
  private ConsumerKind kind;

  @Required
  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription("Name of the consumer, in the same namespace.")
  private String name;

  public ConsumerRef() {}

  public ConsumerRef(ConsumerKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public ConsumerKind getKind() {
    return kind;
  }

  public void setKind(ConsumerKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
