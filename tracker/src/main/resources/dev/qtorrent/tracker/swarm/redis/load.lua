-- A swarm's entries, for an instance that starts keeping a copy of it. KEYS: e t s l n c.
-- ARGV: 1 oldest kept (unix ms), 2 channel, 3 message prefix.
-- Returns {entries, each as 'P' .. change .. value .. key (as put records it, with the swarm's last change), changes,
-- copied, the swarm's last change}: a copy takes no change up to that one from elsewhere.
speak(ARGV[2], ARGV[3])
expire(tonumber(ARGV[1]))
local entries = {}
local change = lastChange()
local all = redis.call('HGETALL', e)
for i = 1, #all, 2 do
  entries[#entries + 1] = 'P' .. change .. all[i + 1] .. all[i]
end
return {entries, changes, copied, change}
