package io.costcred.operator.platform;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Pod Security Standard "restricted" (Kubernetes 1.34), checked on a pod spec: every control of
 * the baseline and restricted levels, plus a read-only root file system.
 */
final class PodSecurity {
  private static final Set<String> SECCOMP_OK = Set.of("RuntimeDefault", "Localhost");

  private PodSecurity() {}

  static List<String> violations(PodSpec pod) {
    List<String> problems = new ArrayList<>();
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      problems.add("host namespaces");
    }
    if (pod.getSecurityContext() != null && !pod.getSecurityContext().getSysctls().isEmpty()) {
      problems.add("sysctls");
    }
    for (Volume v : pod.getVolumes()) {
      boolean allowed =
          v.getConfigMap() != null
              || v.getCsi() != null
              || v.getDownwardAPI() != null
              || v.getEmptyDir() != null
              || v.getEphemeral() != null
              || v.getPersistentVolumeClaim() != null
              || v.getProjected() != null
              || v.getSecret() != null;
      if (!allowed) {
        problems.add("volume " + v.getName() + " has a type restricted pods may not use");
      }
    }
    PodSecurityContext psc =
        pod.getSecurityContext() != null ? pod.getSecurityContext() : new PodSecurityContext();
    List<Container> containers =
        Stream.of(pod.getInitContainers(), pod.getContainers()).flatMap(List::stream).toList();
    if (containers.isEmpty()) {
      problems.add("no containers");
    }
    if (!pod.getEphemeralContainers().isEmpty()) {
      problems.add("ephemeral containers in a template");
    }
    for (Container c : containers) {
      container(c, psc, problems);
    }
    return problems;
  }

  private static void container(Container c, PodSecurityContext psc, List<String> problems) {
    String n = "container " + c.getName() + ": ";
    SecurityContext sc = c.getSecurityContext();
    if (sc == null) {
      problems.add(n + "no securityContext");
      return;
    }
    if (Boolean.TRUE.equals(sc.getPrivileged())) {
      problems.add(n + "privileged");
    }
    if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      problems.add(n + "allowPrivilegeEscalation is not false");
    }
    Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc.getRunAsNonRoot();
    if (!Boolean.TRUE.equals(nonRoot)) {
      problems.add(n + "runAsNonRoot is not true");
    }
    Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc.getRunAsUser();
    if (uid != null && uid == 0) {
      problems.add(n + "runs as UID 0");
    }
    SeccompProfile seccomp =
        sc.getSeccompProfile() != null ? sc.getSeccompProfile() : psc.getSeccompProfile();
    if (seccomp == null || !SECCOMP_OK.contains(seccomp.getType())) {
      problems.add(n + "seccompProfile is not RuntimeDefault or Localhost");
    }
    Capabilities caps = sc.getCapabilities();
    if (caps == null || !caps.getDrop().contains("ALL")) {
      problems.add(n + "does not drop ALL capabilities");
    }
    if (caps != null && caps.getAdd().stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
      problems.add(n + "adds capabilities " + caps.getAdd());
    }
    if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
      problems.add(n + "procMount");
    }
    if (sc.getSeLinuxOptions() != null
        && (sc.getSeLinuxOptions().getUser() != null || sc.getSeLinuxOptions().getRole() != null)) {
      problems.add(n + "SELinux user or role");
    }
    if (sc.getAppArmorProfile() != null
        && !Set.of("RuntimeDefault", "Localhost").contains(sc.getAppArmorProfile().getType())) {
      problems.add(n + "AppArmor profile " + sc.getAppArmorProfile().getType());
    }
    if (c.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
      problems.add(n + "hostPort");
    }
    if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
      problems.add(n + "root file system is writable");
    }
  }
}
