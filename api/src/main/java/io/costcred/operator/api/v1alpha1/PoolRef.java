package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A token pool Secret and when to warn that it runs low. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PoolRef {
  @Required
  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription("Name of the pool Secret, in the same namespace.")
  private String name;

  @Default("1")
  @Min(0)
  @JsonPropertyDescription("Raise PoolLow when this many tokens or fewer are left.")
  private Integer lowWatermark = 1;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getLowWatermark() {
    return lowWatermark;
  }

  public void setLowWatermark(Integer lowWatermark) {
    this.lowWatermark = lowWatermark;
  }
}
