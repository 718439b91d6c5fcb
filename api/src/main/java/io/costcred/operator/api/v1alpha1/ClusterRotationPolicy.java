package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Platform-team defaults and limits for the CostCredentials of the namespaces it selects: rotation
 * defaults, maximum interval and grace period, allowed stores and destinations.
 */
@Group(CostCredential.GROUP)
@Version(CostCredential.VERSION)
@Kind("ClusterRotationPolicy")
@Plural("clusterrotationpolicies")
@ShortNames("ccrp")
@Categories(CostCredential.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Priority",
    jsonPath = ".spec.priority",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Namespaces",
    jsonPath = ".status.selectedNamespaces",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Credentials",
    jsonPath = ".status.governedCredentials",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ClusterRotationPolicy
    extends CustomResource<ClusterRotationPolicySpec, ClusterRotationPolicyStatus> {
  @Override
  @JsonPropertyDescription("Which namespaces the policy governs, its defaults and its limits.")
  public ClusterRotationPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Observed state, written by the operator: validity and what the policy governs.")
  public ClusterRotationPolicyStatus getStatus() {
    return super.getStatus();
  }
}
