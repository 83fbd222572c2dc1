-- What peer checks, watches and scrapes ask. KEYS: e t s l n c, then d. ARGV: 1 oldest kept (unix ms), 2 channel,
-- 3 message prefix, 4 certificate (32 bytes, or '').
-- Returns {seeds, leechers, downloads, entries with the certificate, changes, copied}.
speak(ARGV[2], ARGV[3])
expire(tonumber(ARGV[1]))
local held = 0
if ARGV[4] ~= '' then
  held = tonumber(redis.call('HGET', c, ARGV[4]) or '0')
end
local seeds, leechers = count('s'), count('l')
forgetEmpty()
return {seeds, leechers, tonumber(redis.call('GET', KEYS[7]) or '0'), held, changes, copied}
