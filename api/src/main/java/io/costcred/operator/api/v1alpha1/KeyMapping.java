package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Which credential field goes to which Secret key. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@SchemaCustomizer(value = EnumSchema.class, input = "field=" + Validation.CREDENTIAL_FIELDS)
public class KeyMapping {
  @Required
  @Pattern(Validation.SECRET_KEY)
  @Size(max = 253)
  @JsonPropertyDescription("Key in the destination.")
  private String key;

  @Default("token")
  @Size(max = 64)
  @JsonPropertyDescription(
      "Credential field: token for Vantage; accessKeyId or secretAccessKey for awsIamAccessKey.")
  private String field;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field;
  }
}
