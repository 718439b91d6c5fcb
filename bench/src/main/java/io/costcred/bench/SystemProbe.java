package io.costcred.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads /proc: load average (sampled every 2 s in the background, summarised per phase), process
 * CPU time and resident memory, machine size.
 */
final class SystemProbe implements AutoCloseable {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
  private final List<double[]> loads = new ArrayList<>(); // [epochSeconds, load1]
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "loadavg-sampler");
            t.setDaemon(true);
            return t;
          });

  SystemProbe() {
    sampler.scheduleAtFixedRate(this::sample, 0, 2, TimeUnit.SECONDS);
  }

  private void sample() {
    double[] l = loadAverage();
    synchronized (loads) {
      loads.add(new double[] {System.currentTimeMillis() / 1000.0, l[0]});
    }
  }

  /** 1, 5 and 15 minute load averages. */
  static double[] loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {
        Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])
      };
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
  }

  /** A window of time whose load is summarised in the results. */
  final class Window {
    private final double start = System.currentTimeMillis() / 1000.0;

    Map<String, Object> summary() {
      double end = System.currentTimeMillis() / 1000.0;
      List<Double> in = new ArrayList<>();
      synchronized (loads) {
        for (double[] s : loads) {
          if (s[0] >= start && s[0] <= end + 0.01) {
            in.add(s[1]);
          }
        }
      }
      double[] now = loadAverage();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seconds", Stats.round(end - start, 1));
      m.put("load1Min", in.isEmpty() ? now[0] : in.stream().mapToDouble(d -> d).min().orElse(0));
      m.put("load1Mean", Stats.round(in.stream().mapToDouble(d -> d).average().orElse(now[0]), 2));
      m.put("load1Max", in.isEmpty() ? now[0] : in.stream().mapToDouble(d -> d).max().orElse(0));
      m.put("loadAtEnd", List.of(now[0], now[1], now[2]));
      return m;
    }
  }

  Window window() {
    return new Window();
  }

  /** User plus system CPU seconds a process has used, or NaN when it is gone. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name may contain spaces: fields start after the closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** VmRSS of a process in bytes, or -1. */
  static long rssBytes(long pid) {
    return statusKb(pid, "VmRSS:") * 1024;
  }

  /** VmHWM (peak resident set) of a process in bytes, or -1. */
  static long peakRssBytes(long pid) {
    return statusKb(pid, "VmHWM:") * 1024;
  }

  private static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static long memTotalBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.substring(9).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
    return "unknown";
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
