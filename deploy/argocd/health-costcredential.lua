-- ArgoCD health check for costcred.io/CostCredential (docs/gitops-argocd.md).
-- ArgoCD runs it with gopher-lua (Lua 5.1: no goto, no integer division, no utf8) in its
-- sandbox: a custom health check gets only the base, table and a safe os library (no string,
-- no math) unless useOpenLibs is set, which would also open io and the whole os library.
-- Tested with gopher-lua by hack/argocd-lua (run by ArgoLuaTest in the operator module) on
-- the fixtures in deploy/argocd/testdata/ (health_test.yaml lists the expected answers).
--
-- Order of the checks (the first match wins):
--   1. no status or no conditions yet              -> Progressing (waiting for the operator)
--   2. status.observedGeneration < generation      -> Progressing (spec change not seen yet)
--   3. Degraded=True, except reason PoolLow        -> Degraded (blocked emergencies say so)
--   4. Ready=False: Initializing -> Progressing, any other reason -> Degraded
--   5. EmergencyRotation=True                      -> Progressing, with the emergency's reason
--   6. Rotating=True                               -> Progressing, with trigger, id and phase
--   7. a compromised token awaits manual revocation -> Degraded (it still works)
--   8. Ready=True and Rotating=False/Suspended     -> Suspended (spec.suspend, as for a CronJob);
--                                                     the message as for Healthy
--   9. Ready=True                                  -> Healthy; the message adds outstanding
--                                                     manual revocations and a low pool
--  10. anything else                               -> Progressing
local hs = {}

local function condition(conditions, kind)
  for _, c in ipairs(conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

-- True when text starts with prefix, without the string library: Lua compares strings byte by
-- byte, and UTF-8 text never contains the byte 255, so exactly the strings that start with
-- prefix sort between prefix and prefix followed by that byte.
local function startsWith(text, prefix)
  return prefix <= text and text < prefix .. "\255"
end

-- "<reason>: <message>"; failure messages already start with "<reason>:".
local function describe(c)
  local reason = c.reason or ""
  local message = c.message or ""
  if message == "" then
    return reason
  end
  if reason == "" or startsWith(message, reason .. ":") then
    return message
  end
  return reason .. ": " .. message
end

local function result(status, message)
  hs.status = status
  hs.message = message
  return hs
end

local function evaluate(obj)
  local status = obj.status
  if status == nil or status.conditions == nil or #status.conditions == 0 then
    return result("Progressing", "Waiting for the operator to report status")
  end
  local generation = obj.metadata and obj.metadata.generation
  if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
    return result("Progressing", "Waiting for the operator to observe generation " .. tostring(generation))
  end

  local conditions = status.conditions
  local ready = condition(conditions, "Ready")
  local rotating = condition(conditions, "Rotating")
  local emergency = condition(conditions, "EmergencyRotation")
  local revocation = condition(conditions, "RevocationRequired")
  local degraded = condition(conditions, "Degraded")

  -- PoolLow is the pool's early warning (tokens <= lowWatermark, the current token works): it
  -- shows in the message of a Healthy credential instead of turning the application Degraded.
  local poolLow = isTrue(degraded) and degraded.reason == "PoolLow"
  if isTrue(degraded) and not poolLow then
    if isTrue(emergency) then
      return result("Degraded", "Emergency rotation blocked: " .. describe(degraded))
    end
    return result("Degraded", describe(degraded))
  end

  if ready ~= nil and ready.status == "False" then
    if ready.reason == "Initializing" then
      return result("Progressing", "Waiting for the first token: " .. describe(ready))
    end
    return result("Degraded", describe(ready))
  end

  local phase = ""
  if isTrue(rotating) then
    phase = ", phase " .. (rotating.reason or "?")
  end
  if isTrue(emergency) then
    return result("Progressing", "Emergency rotation in progress (" .. (emergency.message or "") .. ")" .. phase)
  end
  if isTrue(rotating) then
    return result("Progressing", (rotating.message or "Rotation") .. " in progress" .. phase)
  end

  -- After an emergency the compromised token is queued with reason Emergency. Vantage cannot
  -- revoke by API, so until an admin revokes it, the leaked token still works.
  if status.pendingRevocations ~= nil then
    for _, p in ipairs(status.pendingRevocations) do
      if p.reason == "Emergency" and p.state == "AwaitingManualRevocation" then
        local id = (p.token and p.token.id) or "?"
        local fp = (p.token and p.token.fingerprint) or "?"
        return result("Degraded", "Compromised token " .. id .. " (fingerprint " .. fp ..
          ") still works: revoke it in the provider console")
      end
    end
  end

  if isTrue(ready) then
    local message = describe(ready)
    if isTrue(revocation) then
      message = message .. "; manual revocation required: " .. (revocation.message or "")
    end
    if poolLow then
      message = message .. "; " .. describe(degraded)
    end
    if rotating ~= nil and rotating.reason == "Suspended" then
      return result("Suspended", "Scheduled rotations suspended: " .. message)
    end
    return result("Healthy", message)
  end

  return result("Progressing", "Waiting for the operator to report Ready")
end

return evaluate(obj)
