-- ArgoCD resource actions for costcred.io/CostCredential: which ones to offer (docs/gitops-argocd.md).
-- Runs in ArgoCD's sandbox (gopher-lua, Lua 5.1): base, table and a safe os library only.
--
--   rotate            a manual rotation; off while any rotation runs, an emergency runs, or a
--                     request made with `kubectl costcred rotate` waits
--   emergency-rotate  an emergency rotation; off while an emergency runs or one waits. On during
--                     a scheduled or manual rotation: the operator turns that one into the emergency.
-- Both are off while the CostCredential is being deleted. Each action.lua checks the same again,
-- since a menu can be older than the object. Both ask for an optional reason (ArgoCD >= 3.1 shows
-- a text field; older releases and the argocd CLI pass none).
local actions = {}

local function isTrue(kind)
  local status = obj.status
  if status == nil or status.conditions == nil then
    return false
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c.status == "True"
    end
  end
  return false
end

local function deleting()
  return obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil
end

-- A status request (kubectl costcred rotate) the operator has not taken yet; emergency or not.
local function openStatusRequest(emergency)
  local status = obj.status
  if status == nil or status.requestedRotation == nil or status.requestedRotation.id == nil then
    return false
  end
  local req = status.requestedRotation
  if req.id == status.handledStatusRequest then
    return false
  end
  return not emergency or req.emergency == true
end

local function emergencyRunning()
  local run = obj.status and obj.status.rotation
  return isTrue("EmergencyRotation") or (run ~= nil and run.trigger == "Emergency")
end

local function rotationRunning()
  return isTrue("Rotating") or (obj.status ~= nil and obj.status.rotation ~= nil)
end

-- A new table for each action: gopher-json, which ArgoCD encodes the result with, refuses a table
-- that appears twice.
local function reasonParam()
  return {{["name"] = "reason"}}
end

actions["rotate"] = {
  ["disabled"] = deleting() or rotationRunning() or emergencyRunning() or openStatusRequest(false),
  ["displayName"] = "Rotate token",
  ["iconClass"] = "fa fa-fw fa-sync",
  ["params"] = reasonParam()
}
actions["emergency-rotate"] = {
  ["disabled"] = deleting() or emergencyRunning() or openStatusRequest(true),
  ["displayName"] = "Emergency rotation (token compromised)",
  ["iconClass"] = "fa fa-fw fa-exclamation-triangle",
  ["params"] = reasonParam()
}
return actions
