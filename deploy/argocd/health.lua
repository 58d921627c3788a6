-- Argo CD health check for every netintent kind (netintent.dev: NetworkDevice, VRF, L3VPN, VPLS,
-- SRv6Policy; nwi.enc.nokia.com: SROSConfig, SRLinuxConfig). One script for all of them: each
-- kind reports a metav1 Ready condition the same way (controllers/report.ts).
--
-- Format: Argo CD "Resource Health", custom health checks
-- (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/): the script sees the
-- resource as `obj` and returns a table with `status` (Healthy, Progressing, Degraded,
-- Suspended) and `message`. argocd-cm carries it as resource.customizations.health.<group>_<kind>;
-- deploy/argocd/argocd-cm-patch.yaml is generated from this file (scripts/gen-argocd-cm.ts).
-- Argo CD runs it in gopher-lua (Lua 5.1) with most libraries closed, so only base functions
-- (ipairs, pairs, tostring) and `..` are used here; the tests run it with string/os/io removed.
--
-- Ready=False reasons, from controllers/ (test/unit/argocd-health.test.ts fails when the
-- controllers write a reason that is in neither table):
-- PROGRESSING: the controller retries on its own and the object becomes Ready without a change
-- to it (a device comes back, a lock is released, a dependency turns Ready, a deletion ends).
local PROGRESSING = {
  DeviceUnreachable = true,
  DeviceBusy = true,
  ConfigReadFailed = true,
  WaitingForDependency = true,
  WaitingForVRFs = true,
  EgressNotReady = true,
  Deleting = true,
  DeletionBlocked = true,
}
-- DEGRADED: nothing changes until someone fixes the spec, a Secret, the device or another object.
local DEGRADED = {
  -- Committed, but the routers report the service down (a port, a SAP, a SID).
  OperDown = true,
  ValidationFailed = true,
  AllocationFailed = true,
  CommitRejected = true,
  OwnershipConflict = true,
  EndpointConflict = true,
  DependencyCycle = true,
  NotConverging = true,
  Drifted = true,
  PrerequisitesMissing = true,
  DuplicateDevice = true,
  HostKeyMismatch = true,
  AuthenticationFailed = true,
  CredentialsMissing = true,
}
-- SUSPENDED: left alone on purpose, by an annotation.
local SUSPENDED = {
  Paused = true,
  DryRun = true,
}

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function said(c)
  if c.message ~= nil and c.message ~= "" then
    return tostring(c.reason) .. ": " .. tostring(c.message)
  end
  return tostring(c.reason)
end

local function health(o)
  local annotations = o.metadata.annotations or {}
  if annotations["netintent.dev/paused"] == "true" then
    return { status = "Suspended", message = "paused by netintent.dev/paused=\"true\": the controller leaves it alone; remove the annotation to resume" }
  end
  local status = o.status
  if status == nil or status.conditions == nil then
    return { status = "Progressing", message = "waiting for the controller to report a status" }
  end
  local generation = o.metadata.generation
  if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration ~= generation then
    return { status = "Progressing", message = "the controller has not yet reconciled generation " .. tostring(generation) .. " (status is for " .. tostring(status.observedGeneration) .. ")" }
  end
  local ready = condition(status.conditions, "Ready")
  if ready == nil then
    return { status = "Progressing", message = "waiting for the Ready condition" }
  end
  if generation ~= nil and ready.observedGeneration ~= nil and ready.observedGeneration ~= generation then
    return { status = "Progressing", message = "Ready is for generation " .. tostring(ready.observedGeneration) .. ", not " .. tostring(generation) }
  end
  if ready.status == "True" then
    return { status = "Healthy", message = tostring(ready.message or "Ready") }
  end
  if ready.status ~= "False" then
    return { status = "Progressing", message = said(ready) }
  end
  local reason = ready.reason
  if reason == "EgressNotReady" then
    -- The PE side is synced; the cluster egress workflow either gave up (fix clusterEgress) or is on its way.
    local egress = condition(status.conditions, "EgressReady")
    if egress ~= nil and egress.reason == "EgressFailed" then
      return { status = "Degraded", message = said(ready) }
    end
  end
  if SUSPENDED[reason] then
    return { status = "Suspended", message = said(ready) }
  end
  if PROGRESSING[reason] then
    return { status = "Progressing", message = said(ready) }
  end
  if DEGRADED[reason] then
    return { status = "Degraded", message = said(ready) }
  end
  -- A reason from a newer controller than this script: show it, and ask for attention.
  return { status = "Degraded", message = "unrecognised reason " .. said(ready) }
end

return health(obj)
