-- One swarm's sweep. KEYS: e t s l n c. ARGV: 1 oldest kept, 2 channel, 3 message prefix.
-- Returns {seeds, leechers, certificates of the listable entries, changes}. Any instance may sweep any swarm, at
-- the same time as others: an entry expires once, whoever drops it.
expire(tonumber(ARGV[1]), ARGV[2], ARGV[3])
local certs = {}
for _, set in ipairs({s, l}) do
  local keys = redis.call('SMEMBERS', set)
  -- In slices: unpack has a limit on how many values it spreads.
  for first = 1, #keys, 1000 do
    local values = redis.call('HMGET', e, unpack(keys, first, math.min(first + 999, #keys)))
    for _, v in ipairs(values) do
      if v then
        certs[#certs + 1] = string.sub(v, 1, 32)
      end
    end
  end
end
local seeds, leechers = count('s'), count('l')
if redis.call('EXISTS', e) == 0 then
  redis.call('DEL', t, s, l, n, c)
end
return {seeds, leechers, certs, changes}
