package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant's own endpoint (Vault, AWS) with credentials from Secrets or a ServiceAccount of its own
 * namespace; never an identity of the operator.
 */
@Group(CostCredential.GROUP)
@Version(CostCredential.VERSION)
@Kind("CredentialConnection")
@Plural("credentialconnections")
@ShortNames("conn")
@Categories(CostCredential.CATEGORY)
@SchemaCustomizer(value = StatusSchema.class, input = "Unused: a connection has no status.")
public class CredentialConnection extends CustomResource<CredentialConnectionSpec, Void>
    implements Namespaced {
  @Override
  @JsonPropertyDescription("The endpoint and the credentials of this namespace used to reach it.")
  public CredentialConnectionSpec getSpec() {
    return super.getSpec();
  }
}
