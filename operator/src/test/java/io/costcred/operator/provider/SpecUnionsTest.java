package io.costcred.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.AwsIamAccessKeySpec;
import io.costcred.operator.api.v1alpha1.AwsSecretsManagerStoreSpec;
import io.costcred.operator.api.v1alpha1.KubernetesSecretStoreSpec;
import io.costcred.operator.api.v1alpha1.ProviderSpec;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VantageProviderSpec;
import io.costcred.operator.api.v1alpha1.VaultAppRoleAuthSpec;
import io.costcred.operator.api.v1alpha1.VaultAuthSpec;
import io.costcred.operator.api.v1alpha1.VaultStoreSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec unions' typed discriminators: exactly one member, or nothing; never in the JSON. */
class SpecUnionsTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void providerKind() throws Exception {
    ProviderSpec p = new ProviderSpec();
    assertThat(p.kind()).isEmpty();
    p.setVantage(new VantageProviderSpec());
    assertThat(p.kind()).contains(ProviderSpec.Kind.VANTAGE);
    assertThat(json.writeValueAsString(p)).doesNotContain("kind").doesNotContain("Kind");
    p.setAwsIamAccessKey(new AwsIamAccessKeySpec());
    assertThat(p.kind()).isEmpty(); // two members: the CRD rule forbids it, kind() names none
    p.setVantage(null);
    assertThat(p.kind()).contains(ProviderSpec.Kind.AWS_IAM_ACCESS_KEY);
    assertThat(ProviderSpec.Kind.AWS_IAM_ACCESS_KEY.field()).isEqualTo("awsIamAccessKey");
  }

  @Test
  void everyMemberNamesAPropertyOfItsUnion() throws Exception {
    // field() is derived from the constant's name: it must be a real JSON property of the union.
    assertNamesProperties(ProviderSpec.class, ProviderSpec.Kind.values());
    assertNamesProperties(StoreSpec.class, StoreSpec.Kind.values());
    assertNamesProperties(VaultAuthSpec.class, VaultAuthSpec.Kind.values());
  }

  private void assertNamesProperties(Class<?> union, Enum<?>[] kinds) throws Exception {
    var properties =
        json
            .getSerializationConfig()
            .introspect(json.constructType(union))
            .findProperties()
            .stream()
            .map(p -> p.getName())
            .toList();
    for (Enum<?> k : kinds) {
      String field = (String) k.getClass().getMethod("field").invoke(k);
      assertThat(properties).as("%s.%s", union.getSimpleName(), k).contains(field);
    }
    assertThat(properties)
        .as("one kind per member of %s", union.getSimpleName())
        .hasSize(kinds.length);
  }

  @Test
  void storeKind() throws Exception {
    StoreSpec s = new StoreSpec();
    assertThat(s.kind()).isEmpty();
    s.setVault(new VaultStoreSpec());
    assertThat(s.kind()).contains(StoreSpec.Kind.VAULT);
    assertThat(json.writeValueAsString(s)).doesNotContain("kind");
    s.setKubernetesSecret(new KubernetesSecretStoreSpec());
    assertThat(s.kind()).isEmpty();
    s.setVault(null);
    assertThat(s.kind()).contains(StoreSpec.Kind.KUBERNETES_SECRET);
    s.setKubernetesSecret(null);
    s.setAwsSecretsManager(new AwsSecretsManagerStoreSpec());
    assertThat(s.kind()).contains(StoreSpec.Kind.AWS_SECRETS_MANAGER);
    assertThat(json.readValue(json.writeValueAsString(s), Map.class))
        .containsOnlyKeys("awsSecretsManager");
  }

  @Test
  void vaultAuthKind() throws Exception {
    VaultAuthSpec a = new VaultAuthSpec();
    assertThat(a.kind()).isEmpty();
    a.setAppRole(new VaultAppRoleAuthSpec());
    assertThat(a.kind()).contains(VaultAuthSpec.Kind.APP_ROLE);
    assertThat(json.writeValueAsString(a)).doesNotContain("kind");
    a.setTokenSecretRef(new SecretKeyRef());
    assertThat(a.kind()).isEmpty();
    a.setAppRole(null);
    assertThat(a.kind()).contains(VaultAuthSpec.Kind.TOKEN_SECRET_REF);
  }
}
