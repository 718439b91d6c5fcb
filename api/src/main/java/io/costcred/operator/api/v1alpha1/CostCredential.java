package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A credential of a cost-management tool whose rotation the operator owns. */
@Group(CostCredential.GROUP)
@Version(CostCredential.VERSION)
@Kind("CostCredential")
@Plural("costcredentials")
@ShortNames("ccred")
@Categories(CostCredential.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Provider",
    jsonPath = ".status.provider",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Last Rotated",
    jsonPath = ".status.lastRotationTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Next Rotation",
    jsonPath = ".status.nextRotationTime",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Suspended",
    jsonPath = ".spec.suspend",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
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
public class CostCredential extends CustomResource<CostCredentialSpec, CostCredentialStatus>
    implements Namespaced {
  public static final String GROUP = "costcred.io";
  public static final String VERSION = "v1alpha1";

  /** The category of every costcred.io kind: {@code kubectl get costcred} lists them all. */
  public static final String CATEGORY = "costcred";

  @Override
  @JsonPropertyDescription(
      "Desired state: where tokens come from, where they go, who uses them and when they rotate.")
  public CostCredentialSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Observed state, written by the operator: token handles and fingerprints, never values.")
  public CostCredentialStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected CostCredentialStatus initStatus() {
    return new CostCredentialStatus();
  }
}
