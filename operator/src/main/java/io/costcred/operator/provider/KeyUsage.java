package io.costcred.operator.provider;

import java.util.Map;

/** A provider that knows when a credential was last used (for the emergency incident record). */
public interface KeyUsage {
  /** What the provider knows of the credential's last use: time, service, region. */
  Map<String, String> lastUse(String handleId);
}
