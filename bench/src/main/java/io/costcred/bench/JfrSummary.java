package io.costcred.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the operator: where the CPU samples are (own frame, inclusive
 * method, first operator frame, package), allocation by class, GC pauses, CPU by thread group.
 */
final class JfrSummary {
  private static final int TOP = 15;

  private JfrSummary() {}

  static Map<String, Object> summarise(Path file) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (file == null || !Files.exists(file)) {
      out.put("error", "no recording at " + file);
      return out;
    }
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> firstOwn = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    Map<String, Long> allocation = new HashMap<>();
    Map<String, Double> threadCpu = new HashMap<>();
    int samples = 0;
    double gcPauseMs = 0;
    int gcs = 0;
    try (RecordingFile rf = new RecordingFile(file)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        String type = e.getEventType().getName();
        switch (type) {
          case "jdk.ExecutionSample" -> {
            samples++;
            stack(e.getStackTrace(), self, inclusive, firstOwn, packages);
          }
          case "jdk.ObjectAllocationSample" -> {
            var cls = e.getClass("objectClass");
            allocation.merge(cls == null ? "?" : cls.getName(), e.getLong("weight"), Long::sum);
          }
          case "jdk.GarbageCollection" -> {
            gcs++;
            gcPauseMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
          }
          case "jdk.ThreadCPULoad" -> {
            var t = e.getThread("eventThread");
            String name = t == null ? "?" : threadGroup(t.getJavaName());
            threadCpu.merge(name, (double) e.getFloat("user") + e.getFloat("system"), Double::sum);
          }
          default -> {}
        }
      }
    } catch (IOException e) {
      out.put("error", e.getMessage());
      return out;
    }
    out.put("file", file.toString());
    out.put("executionSamples", samples);
    out.put("topSelf", top(self, samples));
    out.put("topInclusive", top(inclusive, samples));
    out.put("firstOperatorFrame", top(firstOwn, samples));
    out.put("byPackageOfTopFrame", top(packages, samples));
    out.put("allocationMiBByClass", topBytes(allocation));
    out.put("gc", Map.of("collections", gcs, "pauseMs", Stats.round(gcPauseMs, 1)));
    out.put("threadCpuShare", topShare(threadCpu));
    return out;
  }

  private static void stack(
      RecordedStackTrace st,
      Map<String, Integer> self,
      Map<String, Integer> inclusive,
      Map<String, Integer> firstOwn,
      Map<String, Integer> packages) {
    if (st == null || st.getFrames().isEmpty()) {
      return;
    }
    List<RecordedFrame> frames = st.getFrames();
    String top = name(frames.get(0));
    self.merge(top, 1, Integer::sum);
    packages.merge(packageGroup(frames.get(0).getMethod().getType().getName()), 1, Integer::sum);
    Set<String> seen = new HashSet<>();
    String own = null;
    for (RecordedFrame f : frames) {
      String n = name(f);
      if (seen.add(n)) {
        inclusive.merge(n, 1, Integer::sum);
      }
      if (own == null && f.getMethod().getType().getName().startsWith("io.costcred.")) {
        own = n;
      }
    }
    firstOwn.merge(
        own == null ? "(no operator frame: framework, HTTP, GC helpers)" : own, 1, Integer::sum);
  }

  private static String name(RecordedFrame f) {
    String cls = f.getMethod().getType().getName();
    return cls.substring(cls.lastIndexOf('.') + 1)
        + "."
        + f.getMethod().getName()
        + " ["
        + packageGroup(cls)
        + "]";
  }

  static String packageGroup(String cls) {
    String[][] groups = {
      {"io.costcred.", "operator"},
      {"io.javaoperatorsdk.", "JOSDK"},
      {"io.fabric8.", "fabric8 client"},
      {"com.fasterxml.jackson.", "Jackson"},
      {"io.micrometer.", "Micrometer"},
      {"io.prometheus.", "Prometheus client"},
      {"jdk.internal.net.http.", "JDK HttpClient"},
      {"sun.security.", "TLS"},
      {"javax.crypto.", "TLS"},
      {"com.sun.crypto.", "TLS"},
      {"okhttp3.", "OkHttp"},
      {"okio.", "OkHttp"},
      {"java.util.regex.", "regex"},
      {"org.slf4j.", "logging"},
      {"ch.qos.logback.", "logging"},
      {"java.util.concurrent.", "java.util.concurrent"},
      {"java.", "JDK other"},
      {"jdk.", "JDK other"},
      {"sun.", "JDK other"},
    };
    for (String[] g : groups) {
      if (cls.startsWith(g[0])) {
        return g[1];
      }
    }
    return "other";
  }

  private static String threadGroup(String thread) {
    if (thread == null) {
      return "?";
    }
    return thread.replaceAll("[-_ #]?\\d+", "-N");
  }

  private static Map<String, Object> top(Map<String, Integer> counts, int total) {
    Map<String, Object> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(TOP)
        .forEach(
            e ->
                out.put(
                    e.getKey(),
                    e.getValue()
                        + " ("
                        + Stats.round(100.0 * e.getValue() / Math.max(1, total), 1)
                        + "%)"));
    return out;
  }

  private static Map<String, Object> topBytes(Map<String, Long> bytes) {
    Map<String, Object> out = new LinkedHashMap<>();
    bytes.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(10)
        .forEach(e -> out.put(e.getKey(), Stats.mib(e.getValue())));
    return out;
  }

  private static Map<String, Object> topShare(Map<String, Double> load) {
    double total = load.values().stream().mapToDouble(d -> d).sum();
    Map<String, Object> out = new LinkedHashMap<>();
    load.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .limit(10)
        .forEach(
            e ->
                out.put(
                    e.getKey(), Stats.round(100 * e.getValue() / Math.max(1e-9, total), 1) + "%"));
    return out;
  }
}
