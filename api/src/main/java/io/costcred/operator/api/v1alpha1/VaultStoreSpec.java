package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A HashiCorp Vault (or OpenBao) KV v2 secret that receives the credential, reached through a
 * connection.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class VaultStoreSpec {
  @Required
  @JsonPropertyDescription("The connection (Vault server and login) to use.")
  private ConnectionRef connectionRef;

  @Default("secret")
  @Size(max = 253)
  @Pattern("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
  @JsonPropertyDescription("KV v2 mount.")
  private String mount;

  @Required
  @Size(max = 512)
  @Pattern("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
  @JsonPropertyDescription(
      "Secret path below the mount, e.g. teams/finops/vantage. A ClusterCredentialConnection allows only the paths its templates name.")
  private String path;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Keys at the path and the credential field each receives. Other keys are preserved.")
  private List<KeyMapping> keys;

  public ConnectionRef getConnectionRef() {
    return connectionRef;
  }

  public void setConnectionRef(ConnectionRef connectionRef) {
    this.connectionRef = connectionRef;
  }

  public String getMount() {
    return mount;
  }

  public void setMount(String mount) {
    this.mount = mount;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public List<KeyMapping> getKeys() {
    return keys;
  }

  public void setKeys(List<KeyMapping> keys) {
    this.keys = keys;
  }
}
