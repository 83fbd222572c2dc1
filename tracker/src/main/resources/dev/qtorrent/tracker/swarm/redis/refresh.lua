-- A peer announcing again with nothing changed but its time, answered by the instance from its copy of the swarm.
-- KEYS: e t s l n c d. ARGV: 1 entry key, 2 entry value, 3 now (unix seconds, rounded up), 4 oldest kept, 5 channel,
--   6 message prefix, 7 key ttl, 8 downloads ttl, 9 an entry's lifetime (seconds)
-- Returns {1, changes, copied} when the entry is there as the instance thought and its time moved, else
-- {0, changes, copied}: the instance's copy was behind, and the announce goes through announce.lua instead.
speak(ARGV[5], ARGV[6])
expire(tonumber(ARGV[4]))
local key = ARGV[1]
if redis.call('HGET', e, key) ~= ARGV[2] then
  return {0, changes, copied}
end
refresh(key, tonumber(ARGV[3]), tonumber(ARGV[9]), tonumber(ARGV[7]), KEYS[7], tonumber(ARGV[8]))
return {1, changes, copied}
