-- wrk script of bench/http-load.sh. BENCH_MIX=reads: product reads only (80 % one product by id from
-- BENCH_IDS, 20 % the first page of the product list); BENCH_MIX=mixed: 55 % product by id, 15 % product
-- list, 15 % the running price change, 10 % the tenant's price change list, 5 % a price change drafted
-- (a write: one event and its read model rows). Counts every answer that is not 2xx.
local token = os.getenv("BENCH_TOKEN")
local mix = os.getenv("BENCH_MIX") or "reads"
local change = os.getenv("BENCH_CHANGE") or ""
local run = os.getenv("BENCH_RUN") or ""
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
    if #line > 0 then ids[#ids + 1] = line end
end

local threads = {}
function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    non2xx = 0
    drafted = 0
    math.randomseed(os.time() + #threads * 7919 + math.floor(os.clock() * 1000000))
end

local read_headers = {["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json"}
local write_headers = {["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json",
                       ["Content-Type"] = "application/json"}

local function product()
    return wrk.format("GET", "/api/v1/products/" .. ids[math.random(#ids)], read_headers)
end

request = function()
    local r = math.random(100)
    if mix == "product" then return product() end
    if mix == "list" then return wrk.format("GET", "/api/v1/products?size=50", read_headers) end
    if mix == "reads" then
        if r <= 80 then return product() end
        return wrk.format("GET", "/api/v1/products?size=50", read_headers)
    end
    if r <= 55 then return product() end
    if r <= 70 then return wrk.format("GET", "/api/v1/products?size=50", read_headers) end
    if r <= 85 then return wrk.format("GET", "/api/v1/price-changes/" .. change, read_headers) end
    if r <= 95 then return wrk.format("GET", "/api/v1/price-changes?size=20", read_headers) end
    drafted = drafted + 1
    local body = '{"name":"load draft","rule":{"selector":{"all":[{"field":"sku","op":"eq","value":"BENCH-'
        .. run .. '-0000001"}]},"transform":[{"op":"percent","value":-5}],"currency":"USD"}}'
    return wrk.format("POST", "/api/v1/price-changes", write_headers, body)
end

response = function(status, headers, body)
    if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

done = function(summary, latency, requests)
    local bad = 0
    for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    local seconds = summary.duration / 1e6
    io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f"
        .. " non2xx=%d socket_errors=%d\n", summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, bad, errors))
end
