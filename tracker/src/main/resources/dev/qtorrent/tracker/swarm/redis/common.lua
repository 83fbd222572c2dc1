-- Shared by every swarm script. The swarm's keys (all with the swarm's {infohash} hash tag):
--   e  hash   entry key -> value: certificate sha256 (32 bytes), port (2 bytes, big-endian), seed (1 byte)
--   t  zset   entry key -> last announce, unix milliseconds: expiry looks at the old end only
--   S  set    listable seeds (port > 0), each as its entry (value .. key), so that a random pick is the answer
--   L  set    listable leechers, the same way
--   n  hash   's' and 'l': all seeds and leechers, port 0 included; 'v': the swarm's last change, counted (kept
--             while the swarm is empty, so that counting goes on from there if it fills again)
--   c  hash   certificate -> entries announced with it, for peer checks and watches
-- An entry key is its address's length (1 byte), the address (4 or 16 bytes), then the peer id.
local e, t, s, l, n, c = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
-- Where changes are published, and what heads each message (this instance's name and the info hash): every script
-- sets both (speak) before it changes anything.
local channel, prefix
local changes = {}
-- Every entry this script put or dropped, as the instances' copies of the swarm learn it ('P' .. change .. value ..
-- key, or 'D' .. change .. key, the change's count as 4 bytes big-endian): returned to the instance that ran the
-- script, and published for the others. A copy hears of its own changes and of others' by different paths, so they
-- may come out of order; a copy keeps, for each entry, the latest change it applied.
local copied = {}

local function speak(toChannel, withPrefix)
  channel, prefix = toChannel, withPrefix
end

local function listable(v)
  return string.sub(v, 33, 34) ~= '\0\0'
end

local function seed(v)
  return string.byte(v, 35) == 1
end

-- A change of the peers that serve the swarm, told to this instance (in the answer) and to the others (published
-- with this instance's name first, so that it can skip its own).
local function tell(kind, key, v)
  local line = kind .. v .. key
  changes[#changes + 1] = line
  redis.call('PUBLISH', channel, prefix .. line)
end

local function record(kind, rest)
  local change = redis.call('HINCRBY', n, 'v', 1) % 4294967296
  local line = kind .. struct.pack('>I4', change) .. rest
  copied[#copied + 1] = line
  redis.call('PUBLISH', channel, prefix .. line)
end

-- The change count of the swarm as it stands, in the form record writes it.
local function lastChange()
  return struct.pack('>I4', tonumber(redis.call('HGET', n, 'v') or '0') % 4294967296)
end

-- Drops the keys of a swarm left without entries, but its change count.
local function forgetEmpty()
  if redis.call('EXISTS', e) == 0 then
    redis.call('DEL', t, s, l, c)
    redis.call('HDEL', n, 's', 'l')
    return true
  end
  return false
end

local function drop(key, v)
  record('D', key)
  redis.call('HDEL', e, key)
  redis.call('ZREM', t, key)
  local isSeed = seed(v)
  redis.call('HINCRBY', n, isSeed and 's' or 'l', -1)
  if listable(v) then
    redis.call('SREM', isSeed and s or l, v .. key)
  end
  local cert = string.sub(v, 1, 32)
  if redis.call('HINCRBY', c, cert, -1) <= 0 then
    redis.call('HDEL', c, cert)
  end
end

local function put(key, v, now)
  record('P', v .. key)
  redis.call('HSET', e, key, v)
  redis.call('ZADD', t, now, key)
  local isSeed = seed(v)
  redis.call('HINCRBY', n, isSeed and 's' or 'l', 1)
  if listable(v) then
    redis.call('SADD', isSeed and s or l, v .. key)
  end
  redis.call('HINCRBY', c, string.sub(v, 1, 32), 1)
end

-- Drops the entries last seen before oldestKept: only the old end of the time index is read, and each entry
-- expires once, so the work is in proportion to the entries that expired.
local function expire(oldestKept)
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', t, '-inf', '(' .. oldestKept)) do
    local v = redis.call('HGET', e, key)
    if v then
      drop(key, v)
      if listable(v) then
        tell('L', key, v)
      end
    else
      redis.call('ZREM', t, key)
    end
  end
end

local function count(field)
  return tonumber(redis.call('HGET', n, field) or '0')
end

-- Keys live as long as an entry could: a swarm nobody announces to disappears by itself. An empty one goes now.
local function keep(ttl)
  if forgetEmpty() then
    return
  end
  for _, key in ipairs({e, t, s, l, n, c}) do
    redis.call('EXPIRE', key, ttl)
  end
end

-- The keys' lifetimes, and the download count's (d, its own lifetime) when there is one.
local function keepWithDownloads(ttl, d, downloadsTtl)
  keep(ttl)
  if redis.call('EXISTS', d) == 1 then
    redis.call('EXPIRE', d, downloadsTtl)
  end
end

-- A refresh: the entry's time moves, and the keys live on once their time left is down to an entry's lifetime
-- (about once an interval).
local function refresh(key, now, lifetime, ttl, d, downloadsTtl)
  redis.call('ZADD', t, now, key)
  if redis.call('TTL', e) <= lifetime + 1 then
    keepWithDownloads(ttl, d, downloadsTtl)
  end
end
