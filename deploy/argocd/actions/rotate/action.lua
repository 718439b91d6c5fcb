-- ArgoCD resource action "rotate" for costcred.io/CostCredential (docs/gitops-argocd.md).
-- Writes the annotation costcred.io/rotate, which asks the operator for one manual rotation: any
-- value it has not handled yet counts once. The value is "argocd <UTC time>", plus ": <reason>"
-- when one was given; the operator copies it to status and Events as the rotation's reason.
-- Removes costcred.io/requested-by: ArgoCD patches with its own identity, so the annotation
-- could only name an earlier requester (ArgoCD's ResourceActionRan Event names the real one).
-- Runs in ArgoCD's sandbox (gopher-lua, Lua 5.1): base, table and a safe os library only.
local MAX_REASON = 960 -- bytes; the operator keeps 1024 characters of the whole value

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

local function openStatusRequest()
  local req = obj.status and obj.status.requestedRotation
  return req ~= nil and req.id ~= nil and req.id ~= obj.status.handledStatusRequest
end

if obj.metadata.deletionTimestamp ~= nil then
  error("the CostCredential is being deleted", 0)
end
if isTrue("Rotating") or isTrue("EmergencyRotation") or (obj.status ~= nil and obj.status.rotation ~= nil) then
  error("a rotation is already in progress", 0)
end
if openStatusRequest() then
  error("a rotation request made with kubectl costcred rotate is waiting for the operator", 0)
end

local reason = nil
if actionParams ~= nil and actionParams["reason"] ~= nil and actionParams["reason"] ~= "" then
  reason = actionParams["reason"]
end
if reason ~= nil and #reason > MAX_REASON then
  error("the reason is longer than " .. MAX_REASON .. " bytes", 0)
end

local value = "argocd " .. os.date("!%Y-%m-%dT%H:%M:%SZ")
if reason ~= nil then
  value = value .. ": " .. reason
end
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["costcred.io/rotate"] = value
obj.metadata.annotations["costcred.io/requested-by"] = nil
return obj
