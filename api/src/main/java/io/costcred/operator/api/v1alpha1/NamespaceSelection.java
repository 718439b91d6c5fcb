package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** The namespaces allowed to use a ClusterCredentialConnection; empty selects none. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class NamespaceSelection {
  @Size(max = 256)
  @JsonPropertyDescription("Namespaces selected by name.")
  private List<@Size(max = 63) String> names;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Namespaces selected by labels (every label must match). Empty selects no namespace by label.")
  private Map<String, @Size(max = 63) String> matchLabels;

  public List<String> getNames() {
    return names;
  }

  public void setNames(List<String> names) {
    this.names = names;
  }

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels;
  }
}
