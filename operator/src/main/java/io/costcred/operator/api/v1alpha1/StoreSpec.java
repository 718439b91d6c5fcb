package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** One destination of the credential; exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "[has(self.kubernetesSecret)].filter(x, x).size() == 1",
    message = "exactly one store type must be set")
public class StoreSpec {
  @JsonPropertyDescription("A Kubernetes Secret in the same namespace.")
  private KubernetesSecretStoreSpec kubernetesSecret;

  public KubernetesSecretStoreSpec getKubernetesSecret() {
    return kubernetesSecret;
  }

  public void setKubernetesSecret(KubernetesSecretStoreSpec kubernetesSecret) {
    this.kubernetesSecret = kubernetesSecret;
  }
}
