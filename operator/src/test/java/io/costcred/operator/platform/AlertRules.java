package io.costcred.operator.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The alert rules inside a rendered PrometheusRule. */
final class AlertRules {
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:costcred|operator_sdk|jvm|process)_[a-z_]+)");

  private AlertRules() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rules(GenericKubernetesResource rule) {
    Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
    List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("groups");
    return groups.stream()
        .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
        .toList();
  }

  static List<String> alertNames(GenericKubernetesResource rule) {
    return rules(rule).stream().map(r -> (String) r.get("alert")).toList();
  }

  static String expression(GenericKubernetesResource rule, String alert) {
    return rules(rule).stream()
        .filter(r -> alert.equals(r.get("alert")))
        .map(r -> ((String) r.get("expr")).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alert " + alert));
  }

  /** A Prometheus rule file: the `spec` of the PrometheusRule is exactly that format. */
  static String ruleFile(GenericKubernetesResource rule) throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .writeValueAsString(rule.getAdditionalProperties().get("spec"));
  }

  /** Metric names (costcred_, operator_sdk_, jvm_, process_) in a text such as a PromQL query. */
  static Stream<String> metricNames(String text) {
    Matcher m = METRIC.matcher(text);
    Stream.Builder<String> names = Stream.builder();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names.build();
  }
}
