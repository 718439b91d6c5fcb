package io.costcred.operator.provider;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A provider that knows when a key was last used: for the emergency incident record, and to hold a
 * scheduled deactivation while the old key is still used after the consumers cut over.
 */
public interface KeyUsage {
  /** What the provider knows of the key's last use. */
  LastUse lastUse(String keyId);

  /**
   * A key's last use as the provider reports it (AWS updates it with a delay of up to hours).
   *
   * @param at when, or null if never
   * @param service the service it was last used with, or null
   * @param region the region, or null
   */
  record LastUse(String keyId, Instant at, String service, String region) {
    /** For the incident record: key id, time ("never"), service and region ("N/A"). */
    public Map<String, String> describe() {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("accessKeyId", keyId);
      out.put("lastUsedDate", at == null ? "never" : at.toString());
      out.put("serviceName", service == null ? "N/A" : service);
      out.put("region", region == null ? "N/A" : region);
      return out;
    }
  }
}
