-- wrk script for the W1 shape of docs/benchmarks.md: POST /allocate with unique order ids on the
-- 200 SKUs W-SKU0..W-SKU199 (add their batches first), qty 1 to 10.
--   wrk -t2 -c8 -d15s --latency -s benchmarks/wrk/allocate.lua http://127.0.0.1:8080 -- run1
-- The argument after -- prefixes the order ids, so that runs do not repeat each other's orders.
local counter = 0
local id = 0

function setup(thread)
  id = id + 1
  thread:set("tid", id)
end

function init(args)
  prefix = (args[1] or "run") .. "-" .. tid .. "-"
  math.randomseed(42 + tid)
end

function request()
  counter = counter + 1
  local sku = "W-SKU" .. math.random(0, 199)
  local body = '{"orderid":"' .. prefix .. counter .. '","sku":"' .. sku .. '","qty":' .. math.random(1, 10) .. '}'
  return wrk.format("POST", "/allocate", {["Content-Type"] = "application/json"}, body)
end
