-- A swarm's entries, for an instance that starts keeping a copy of it. KEYS: e t s l n c.
-- ARGV: 1 oldest kept (unix ms), 2 channel, 3 message prefix.
-- Returns {entries, each as 'P' .. value .. key (as put records it), changes, copied}.
speak(ARGV[2], ARGV[3])
expire(tonumber(ARGV[1]))
local entries = {}
local all = redis.call('HGETALL', e)
for i = 1, #all, 2 do
  entries[#entries + 1] = 'P' .. all[i + 1] .. all[i]
end
return {entries, changes, copied}
