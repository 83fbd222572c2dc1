package dev.qtorrent.bench.announce;

import java.util.HexFormat;

/**
 * The Lua script that makes wrk send the {@link Workload}'s announces as HTTP GETs in the same order as ours, and
 * report through {@code done} in a line {@link WrkResult} reads. Each wrk thread starts at its own place in the cycle.
 */
final class WrkScript {
    private static final String TEMPLATE = """
            -- announces for opentracker, written by bench announce
            local hashes = {
            @HASHES@}
            local torrents = #hashes
            local peers = @PEERS@
            local total = torrents * peers
            local query = "&uploaded=0&downloaded=0&left=@LEFT@&numwant=@NUMWANT@"
            local threads = 0
            setup = function(thread)
              thread:set("first", threads * 7919)
              threads = threads + 1
            end
            local n = 0
            init = function(args)
              n = first
            end
            request = function()
              local k = n % total
              n = n + 1
              local t = k % torrents
              local p = math.floor(k / torrents) % peers
              return wrk.format("GET", "/announce?info_hash=" .. hashes[t + 1] .. "&peer_id=@PREFIX@"
                .. string.format("%012d", p) .. "&port=" .. (@FIRST_PORT@ + p) .. query)
            end
            done = function(summary, latency, requests)
              io.write(string.format("@MARKER@ requests=%d duration_us=%d p50_us=%d p99_us=%d connect=%d"
                .. " read=%d write=%d status=%d timeout=%d\\n", summary.requests, summary.duration,
                latency:percentile(50), latency:percentile(99), summary.errors.connect, summary.errors.read,
                summary.errors.write, summary.errors.status, summary.errors.timeout))
            end
            """;

    private WrkScript() {
    }

    static String of(Workload workload) {
        StringBuilder hashes = new StringBuilder();
        for (String hash : workload.infoHashes()) {
            hashes.append("  \"").append(urlEscaped(hash)).append("\",\n");
        }
        return TEMPLATE.replace("@HASHES@", hashes)
                .replace("@PEERS@", Integer.toString(workload.peers()))
                .replace("@LEFT@", Long.toString(Workload.LEFT))
                .replace("@NUMWANT@", Integer.toString(workload.numwant()))
                .replace("@PREFIX@", Workload.PEER_ID_PREFIX)
                .replace("@FIRST_PORT@", Integer.toString(Workload.FIRST_PORT))
                .replace("@MARKER@", WrkResult.MARKER);
    }

    /** The 20 bytes of an info hash as a query parameter: every byte percent-escaped, as BitTorrent clients do. */
    static String urlEscaped(String hexInfoHash) {
        byte[] bytes = HexFormat.of().parseHex(hexInfoHash);
        StringBuilder out = new StringBuilder(60);
        for (byte b : bytes) {
            out.append('%').append(HexFormat.of().toHexDigits(b));
        }
        return out.toString();
    }
}
