package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which namespaces a policy governs, its defaults and its limits. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@SchemaCustomizer(
    value = EnumSchema.class,
    input = "allowedStores[]=kubernetesSecret,vault,awsSecretsManager")
public class ClusterRotationPolicySpec {
  @Size(max = 16)
  @ValidationRule(value = Validation.LABEL_KEYS, message = Validation.LABEL_KEYS_MESSAGE)
  @JsonPropertyDescription(
      "Labels a namespace must carry to be governed; empty selects every namespace.")
  private Map<String, @Size(max = 63) String> namespaceSelector;

  @Default("0")
  @JsonPropertyDescription(
      "When several policies select a namespace, the highest priority wins (then the name).")
  private Integer priority;

  @JsonPropertyDescription("Rotation settings used where a CostCredential leaves them out.")
  private RotationSpec defaults;

  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription("Longest rotation interval a CostCredential may use.")
  private String maxInterval;

  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription("Longest grace period a CostCredential may use.")
  private String maxGracePeriod;

  @JsonPropertyDescription(
      "CostCredentials must rotate inside maintenance windows (their own or the defaults).")
  private Boolean requireMaintenanceWindow;

  @Size(max = 8)
  @JsonPropertyDescription(
      "Store types allowed (kubernetesSecret, vault, awsSecretsManager); empty allows all.")
  private List<@Size(max = 32) String> allowedStores = new ArrayList<>();

  @Size(max = 32)
  @JsonPropertyDescription(
      "Allowed Vault paths; {namespace} is replaced by the CostCredential namespace.")
  private List<@Size(max = 512) String> vaultPathPrefixes = new ArrayList<>();

  @Size(max = 32)
  @JsonPropertyDescription(
      "Allowed AWS Secrets Manager names; {namespace} is replaced by the namespace.")
  private List<@Size(max = 512) String> awsSecretNamePrefixes = new ArrayList<>();

  public Map<String, String> getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(Map<String, String> namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public RotationSpec getDefaults() {
    return defaults;
  }

  public void setDefaults(RotationSpec defaults) {
    this.defaults = defaults;
  }

  public String getMaxInterval() {
    return maxInterval;
  }

  public void setMaxInterval(String maxInterval) {
    this.maxInterval = maxInterval;
  }

  public String getMaxGracePeriod() {
    return maxGracePeriod;
  }

  public void setMaxGracePeriod(String maxGracePeriod) {
    this.maxGracePeriod = maxGracePeriod;
  }

  public Boolean getRequireMaintenanceWindow() {
    return requireMaintenanceWindow;
  }

  public void setRequireMaintenanceWindow(Boolean requireMaintenanceWindow) {
    this.requireMaintenanceWindow = requireMaintenanceWindow;
  }

  public List<String> getAllowedStores() {
    return allowedStores;
  }

  public void setAllowedStores(List<String> allowedStores) {
    this.allowedStores = allowedStores;
  }

  public List<String> getVaultPathPrefixes() {
    return vaultPathPrefixes;
  }

  public void setVaultPathPrefixes(List<String> vaultPathPrefixes) {
    this.vaultPathPrefixes = vaultPathPrefixes;
  }

  public List<String> getAwsSecretNamePrefixes() {
    return awsSecretNamePrefixes;
  }

  public void setAwsSecretNamePrefixes(List<String> awsSecretNamePrefixes) {
    this.awsSecretNamePrefixes = awsSecretNamePrefixes;
  }
}
