package io.costcred.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The TCP addresses a process listens on, read from /proc (Linux). */
final class Listeners {
  private static final String LISTEN = "0A";
  private static final String V4_MAPPED = "0000000000000000FFFF0000";

  private Listeners() {}

  /** "address:port" of every listening TCP socket the process holds, IPv4 and IPv6. */
  static List<String> of(long pid) {
    Set<String> inodes = socketInodes(pid);
    List<String> out = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && LISTEN.equals(f[3]) && inodes.contains(f[9])) {
            out.add(address(f[1]));
          }
        }
      } catch (IOException e) {
        // the process is gone or the table is absent
      }
    }
    return out;
  }

  /** The addresses of {@code listening} that are not loopback. */
  static List<String> notLoopback(List<String> listening) {
    List<String> out = new ArrayList<>();
    for (String a : listening) {
      if (!a.startsWith("127.") && !a.startsWith("[::1]")) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * "0100007F:2382" -> "127.0.0.1:9090"; IPv4-mapped IPv6 as IPv4; other IPv6 -> "[hex]:port"
   * ("[::1]" for loopback).
   */
  static String address(String hex) {
    String[] parts = hex.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String a = parts[0];
    if (a.startsWith(V4_MAPPED)) {
      a = a.substring(V4_MAPPED.length()); // ::ffff:a.b.c.d, as dual-stack sockets show IPv4
    }
    if (a.length() == 8) {
      long v = Long.parseLong(a, 16);
      return (v & 0xff)
          + "."
          + (v >> 8 & 0xff)
          + "."
          + (v >> 16 & 0xff)
          + "."
          + (v >> 24 & 0xff)
          + ":"
          + port;
    }
    String loop6 = "00000000000000000000000001000000";
    return (a.equals(loop6) ? "[::1]" : "[" + a + "]") + ":" + port;
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> out = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            out.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
    return out;
  }
}
