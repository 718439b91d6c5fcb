package io.costcred.operator.connection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Destination templates of a ClusterCredentialConnection: {@code {namespace}} is the
 * CostCredential's namespace, {@code *} matches within one path segment (never {@code /}), and the
 * whole value must match. Pure.
 */
public final class Templates {
  private Templates() {}

  /** True when {@code value} matches one of {@code templates} for {@code namespace}. */
  public static boolean anyMatches(List<String> templates, String namespace, String value) {
    if (templates == null || value == null) {
      return false;
    }
    return templates.stream().anyMatch(t -> matches(t, namespace, value));
  }

  /**
   * A {@code {namespace}} that touches a character a namespace name may contain (or a {@code *})
   * makes a template ambiguous: with {@code cost-{namespace}-*}, namespace {@code team} would match
   * {@code cost-team-x-cur}, a user of namespace {@code team-x}. Such a template matches nothing.
   */
  private static final Pattern AMBIGUOUS =
      Pattern.compile("[-a-z0-9*]\\{namespace}|\\{namespace}[-a-z0-9*]");

  /** True when {@code template} delimits every {@code {namespace}} unambiguously. */
  public static boolean unambiguous(String template) {
    return template != null && !AMBIGUOUS.matcher(template).find();
  }

  /** True when {@code value} matches {@code template} for {@code namespace}. */
  public static boolean matches(String template, String namespace, String value) {
    if (template == null
        || template.isBlank()
        || !unambiguous(template)
        || value.contains("..")
        || value.contains("//")) {
      return false;
    }
    String expanded = template.replace("{namespace}", namespace);
    StringBuilder re = new StringBuilder();
    for (String part : expanded.split("\\*", -1)) {
      if (re.length() > 0) {
        re.append("[^/]*");
      }
      re.append(Pattern.quote(part));
    }
    return Pattern.matches(re.toString(), value);
  }

  /** {@code template} with {@code {namespace}} replaced (role names, role ARNs). */
  public static String expand(String template, String namespace) {
    return template == null ? null : template.replace("{namespace}", namespace);
  }
}
