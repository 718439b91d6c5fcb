-- ArgoCD resource action "emergency-rotate" for costcred.io/CostCredential (docs/gitops-argocd.md).
-- Writes the annotation costcred.io/emergency-rotation, which asks the operator for one emergency
-- rotation (the compromised token is revoked or flagged right after the new one is published):
-- any value it has not handled yet counts once, and the value is the emergency's reason in status,
-- Events and notifications: "argocd <UTC time>: <reason>". Without a reason (the argocd CLI and
-- ArgoCD before 3.1 cannot pass one) the reason says that none was given.
-- Removes costcred.io/requested-by: ArgoCD patches with its own identity, so the annotation
-- could only name an earlier requester (ArgoCD's ResourceActionRan Event names the real one).
-- Runs in ArgoCD's sandbox (gopher-lua, Lua 5.1): base, table and a safe os library only.
local MAX_REASON = 960 -- bytes; the operator keeps 1024 characters of the whole value
local NO_REASON = "emergency rotation requested with an ArgoCD resource action, no reason given"

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

local function openEmergencyRequest()
  local req = obj.status and obj.status.requestedRotation
  return req ~= nil and req.id ~= nil and req.id ~= obj.status.handledStatusRequest
    and req.emergency == true
end

if obj.metadata.deletionTimestamp ~= nil then
  error("the CostCredential is being deleted", 0)
end
local run = obj.status and obj.status.rotation
if isTrue("EmergencyRotation") or (run ~= nil and run.trigger == "Emergency") then
  error("an emergency rotation is already in progress", 0)
end
if openEmergencyRequest() then
  error("an emergency rotation requested with kubectl costcred rotate is waiting for the operator", 0)
end

local reason = NO_REASON
if actionParams ~= nil and actionParams["reason"] ~= nil and actionParams["reason"] ~= "" then
  reason = actionParams["reason"]
end
if #reason > MAX_REASON then
  error("the reason is longer than " .. MAX_REASON .. " bytes", 0)
end

if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["costcred.io/emergency-rotation"] =
  "argocd " .. os.date("!%Y-%m-%dT%H:%M:%SZ") .. ": " .. reason
obj.metadata.annotations["costcred.io/requested-by"] = nil
return obj
