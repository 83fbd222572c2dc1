-- One announce. KEYS: e t s l n c (see common.lua), then d, the completed downloads, and x, the stops: entry key ->
-- when its peer stopped (unix ms), for an entry's lifetime.
-- ARGV: 1 entry key ('' when the asker's address is unknown), 2 entry value, 3 now (unix ms), 4 oldest kept (ms),
--   5 event ('', started, completed, stopped), 6 peers wanted, 7 key ttl, 8 downloads ttl, 9 channel,
--   10 message prefix, 11 random seed, 12 an entry's lifetime (seconds), 13 '1' for a refresh made again (below)
-- Returns {'ok', seeds, leechers, picked entries (value .. key), changes, copied} or {'in_use', held value}.
local d, x = KEYS[7], KEYS[8]
local key, v, event = ARGV[1], ARGV[2], ARGV[5]
local now = tonumber(ARGV[3])
speak(ARGV[9], ARGV[10])
math.randomseed(tonumber(ARGV[11]))
expire(tonumber(ARGV[4]))

-- A refresh answered from an instance's copy whose entry Redis no longer held when its time was to move: made again
-- only if the entry expired. An entry there now was made by a later announce; a stop at or after the refresh's time
-- came later from the same peer (through another instance, whose script ran first). Either way the refresh is stale.
if ARGV[13] == '1' and key ~= '' then
  local stopped = redis.call('ZSCORE', x, key)
  if redis.call('HEXISTS', e, key) == 1 or (stopped and tonumber(stopped) >= now) then
    key = ''
  end
end

local held = false
-- Whether this announce only moved the asker's time: then it created no key, and the keys' lifetimes need renewing
-- only when they run short.
local refreshed = false
if key ~= '' then
  held = redis.call('HGET', e, key)
  if held and string.sub(held, 1, 32) ~= string.sub(v, 1, 32) then
    -- The entry belongs to the certificate that made it: no one else at the address can move or remove it.
    return {'in_use', held}
  end
  if event == 'completed' then
    redis.call('INCR', d)
  elseif event == 'stopped' then
    redis.call('ZREMRANGEBYSCORE', x, '-inf', '(' .. ARGV[4])
    redis.call('ZADD', x, now, key)
    redis.call('EXPIRE', x, tonumber(ARGV[12]))
  end
  refreshed = held == v and event ~= 'stopped'
end
if refreshed then
  -- The same peer again, with the same certificate, port and state. Only its time moves.
  refresh(key, now, tonumber(ARGV[12]), tonumber(ARGV[7]), d, tonumber(ARGV[8]))
elseif key ~= '' then
  if held then
    drop(key, held)
  end
  if event ~= 'stopped' then
    put(key, v, now)
  end
  local served = held and listable(held)
  local serves = event ~= 'stopped' and listable(v)
  local moved = held and string.sub(held, 33, 34) ~= string.sub(v, 33, 34)
  if served and (not serves or moved) then
    tell('L', key, held)
  end
  if serves and (not served or moved) then
    tell('J', key, v)
  end
end

-- Up to `want` listable peers, uniformly at random: leechers only for a seed, never the asker. How many come from
-- each set is drawn first (a draw without replacement over both), then each set gives that many at random.
local forSeed = seed(v)
local askerListed = key ~= '' and event ~= 'stopped' and listable(v)
local cs = forSeed and 0 or redis.call('SCARD', s)
local cl = redis.call('SCARD', l)
local skipLeecher = askerListed and not forSeed
if skipLeecher then
  cl = cl - 1
end
local want = math.min(tonumber(ARGV[6]), cs + cl)
local ks, rs, rl = 0, cs, cl
for _ = 1, want do
  if math.random(rs + rl) <= rs then
    ks, rs = ks + 1, rs - 1
  else
    rl = rl - 1
  end
end
local entries = {}
if ks > 0 then
  for _, entry in ipairs(redis.call('SRANDMEMBER', s, ks)) do
    entries[#entries + 1] = entry
  end
end
local kl = want - ks
if kl > 0 then
  local own = skipLeecher and (v .. key) or nil
  local taken = 0
  for _, entry in ipairs(redis.call('SRANDMEMBER', l, kl + (skipLeecher and 1 or 0))) do
    if taken < kl and entry ~= own then
      entries[#entries + 1] = entry
      taken = taken + 1
    end
  end
end
for i = #entries, 2, -1 do
  local j = math.random(i)
  entries[i], entries[j] = entries[j], entries[i]
end
local counts = redis.call('HMGET', n, 's', 'l')
local seeds, leechers = tonumber(counts[1] or '0'), tonumber(counts[2] or '0')
-- The keys must outlive the entry: a refresh has seen to it (above); any other change may have made a key.
if not refreshed then
  keepWithDownloads(tonumber(ARGV[7]), d, tonumber(ARGV[8]))
elseif event == 'completed' then
  redis.call('EXPIRE', d, tonumber(ARGV[8]))
end
return {'ok', seeds, leechers, entries, changes, copied}
