package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A platform-owned endpoint plus an identity the operator holds (Vault, AWS), the namespaces that
 * may use it and the destinations they may touch. Only cluster administrators write these.
 */
@Group(CostCredential.GROUP)
@Version(CostCredential.VERSION)
@Kind("ClusterCredentialConnection")
@Plural("clustercredentialconnections")
@ShortNames("cconn")
@Categories(CostCredential.CATEGORY)
@SchemaCustomizer(value = StatusSchema.class, input = "Unused: a connection has no status.")
public class ClusterCredentialConnection
    extends CustomResource<ClusterCredentialConnectionSpec, Void> {
  @Override
  @JsonPropertyDescription(
      "The endpoint, the identity the operator uses there, who may use it and where they may write.")
  public ClusterCredentialConnectionSpec getSpec() {
    return super.getSpec();
  }
}
