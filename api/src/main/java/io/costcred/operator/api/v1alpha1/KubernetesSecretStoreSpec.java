package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Kubernetes Secret that receives the credential. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class KubernetesSecretStoreSpec {
  @Required
  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of the Secret; created with an owner reference, or an existing Secret adopted.")
  private String name;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Secret keys and the credential field each receives. Default: the provider's mapping (token"
          + " for Vantage; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for awsIamAccessKey)."
          + " Other keys are preserved.")
  private List<KeyMapping> keys = new ArrayList<>();

  @Size(max = 64)
  @ValidationRule(value = Validation.LABEL_KEYS, message = Validation.LABEL_KEYS_MESSAGE)
  @JsonPropertyDescription("Labels set on the Secret.")
  private Map<String, @Size(max = 63) String> labels;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<KeyMapping> getKeys() {
    return keys;
  }

  public void setKeys(List<KeyMapping> keys) {
    this.keys = keys;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }
}
