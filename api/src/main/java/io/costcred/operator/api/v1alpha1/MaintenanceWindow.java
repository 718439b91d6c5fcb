package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A weekly window in which scheduled rotations may start. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "!has(self.days) || self.days.all(d, d in ['Mon','Tue','Wed','Thu','Fri','Sat','Sun'])",
    message = "days must be Mon, Tue, Wed, Thu, Fri, Sat or Sun")
public class MaintenanceWindow {
  @Size(max = 7)
  @JsonPropertyDescription("Days of the week (Mon..Sun); empty means every day.")
  private List<@Size(max = 3) String> days = new ArrayList<>();

  @Required
  @Pattern(Validation.TIME_OF_DAY)
  @Size(max = 5)
  @JsonPropertyDescription("Start time, HH:MM, 24-hour clock.")
  private String start;

  @Required
  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription("Length of the window.")
  private String duration;

  @Default("UTC")
  @Size(max = 64)
  @JsonPropertyDescription("IANA time zone of start, e.g. Europe/Berlin.")
  private String timeZone;

  public List<String> getDays() {
    return days;
  }

  public void setDays(List<String> days) {
    this.days = days;
  }

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }
}
