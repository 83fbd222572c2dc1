-- What the announces an instance answers from its copy of a swarm leave undone (they only move their entry's time,
-- with ZADD XX), done at most once a second for each such swarm: drops expired entries and keeps the keys alive.
-- KEYS: e t s l n c d. ARGV: 1 oldest kept (unix ms), 2 channel, 3 message prefix, 4 key ttl, 5 downloads ttl,
--   6 an entry's lifetime (seconds)
-- Returns {changes, copied}.
speak(ARGV[2], ARGV[3])
expire(tonumber(ARGV[1]))
if redis.call('TTL', e) <= tonumber(ARGV[6]) + 1 then
  keepWithDownloads(tonumber(ARGV[4]), KEYS[7], tonumber(ARGV[5]))
end
return {changes, copied}
