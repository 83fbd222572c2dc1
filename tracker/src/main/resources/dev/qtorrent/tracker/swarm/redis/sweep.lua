-- One swarm's sweep. KEYS: e t s l n c. ARGV: 1 oldest kept (unix ms), 2 channel, 3 message prefix.
-- Returns {seeds, leechers, certificates of the listable entries, changes, copied}. Any instance may sweep any swarm, at
-- the same time as others: an entry expires once, whoever drops it.
speak(ARGV[2], ARGV[3])
expire(tonumber(ARGV[1]))
local certs = {}
for _, set in ipairs({s, l}) do
  for _, entry in ipairs(redis.call('SMEMBERS', set)) do
    certs[#certs + 1] = string.sub(entry, 1, 32)
  end
end
local seeds, leechers = count('s'), count('l')
forgetEmpty()
return {seeds, leechers, certs, changes, copied}
