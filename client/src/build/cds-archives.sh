#!/usr/bin/env bash
# Makes what bin/qtorrent-tracker and bin/qtorrent-client start with, beside their jars: class files older than Java 6
# (picocli's) rewritten in the jars as Java 8's, with stack maps (UpgradeClassFiles.java), so that the archives can
# hold them; the jars' native libraries unpacked (tracker-native/, client-native/); and the class-data-sharing
# archives: a tracker serves a 66 MiB file (enough for the native SHA-1) to a client on loopback, each JVM dumping the
# classes it loaded when it exits. The client's archived run is its second: the first creates its identity, so the
# archive holds the classes that read one, as every later start does. A JVM without dynamic archives (not HotSpot,
# older than JDK 13, or without a base archive) gets none, and the launchers then start without one.
#
# Usage: cds-archives.sh TRACKER_JAR CLIENT_JAR ASM_JAR
set -euo pipefail

tracker_jar=$(readlink -f "$1")
client_jar=$(readlink -f "$2")
asm_jar=$(readlink -f "$3")
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
tracker_archive=${tracker_jar%.jar}.jsa
client_archive=${client_jar%.jar}.jsa
work=$(mktemp -d)
tracker_pid=
cleanup() {
    if [[ -n $tracker_pid ]]; then kill "$tracker_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# picocli's class files are Java 5's: a dynamic archive leaves them out, and every start would read ~175 of them from
# the jar and check them with the JVM's old verifier (about 60 ms of a hello-world download's 0.4 s).
for jar in "$tracker_jar" "$client_jar"; do
    "$java" -cp "$asm_jar" "$(dirname "$(readlink -f "$0")")/UpgradeClassFiles.java" "$jar"
done

# The native libraries in each jar (QUIC, epoll, SHA-1), unpacked beside it for the launchers to load as they are:
# otherwise every start inflates 7 MB of QUIC library and writes it to a temporary file first, about 30 ms of CPU.
jar_tool=${JAVA_HOME:+$JAVA_HOME/bin/}jar
unpack_natives() {
    local jar=$1 natives=${1%.jar}-native
    rm -rf "$natives" "$work/unpack"
    mkdir -p "$work/unpack"
    (cd "$work/unpack" && "$jar_tool" xf "$jar" META-INF/native)
    if compgen -G "$work/unpack/META-INF/native/*.so" > /dev/null; then
        mkdir "$natives"
        mv "$work/unpack/META-INF/native/"*.so "$natives/"
    fi
}
unpack_natives "$tracker_jar"
unpack_natives "$client_jar"

if ! "$java" -XX:ArchiveClassesAtExit="$work/probe.jsa" -Xlog:cds=off -version >/dev/null 2>&1 \
        || [[ ! -s $work/probe.jsa ]]; then
    echo "cds-archives: $java cannot write dynamic class-data-sharing archives; the launchers start without them"
    rm -f "$tracker_archive" "$client_archive"
    exit 0
fi

mkdir -p "$work/seed" "$work/out"
head -c $((66 << 20)) /dev/zero | tr '\0' 'q' > "$work/seed/sample.bin"
printf 'quic-torrent' > "$work/seed/tiny.txt"

# A free port: the tracker refuses one in use before it creates or hashes anything.
for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    "$java" -XX:ArchiveClassesAtExit="$work/tracker.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
        -jar "$tracker_jar" --quic "$port" --bind 127.0.0.1 --seed-dir "$work/seed" --tls-dir "$work/tls" \
        --log-file "$work/tracker.log" > "$work/tracker.out" 2>&1 &
    tracker_pid=$!
    for _ in $(seq 1 600); do
        if grep -q '^Press Ctrl-C to stop.$' "$work/tracker.out"; then break 2; fi
        if ! kill -0 "$tracker_pid" 2>/dev/null; then break; fi
        sleep 0.1
    done
    wait "$tracker_pid" || true
    tracker_pid=
    if ! grep -q 'in use' "$work/tracker.out"; then break; fi
done
if [[ -z $tracker_pid ]]; then
    echo "cds-archives: the tracker did not start:" >&2
    cat "$work/tracker.out" >&2
    exit 1
fi

download() {
    if ! "$java" "$@" -jar "$client_jar" --state-dir "$work/state" download --no-progress \
            "$work/seed/$file.torrent" "$work/out/" > "$work/client.out" 2>&1; then
        echo "cds-archives: the client's download of $file failed:" >&2
        cat "$work/client.out" >&2
        exit 1
    fi
}
file=tiny.txt download
file=sample.bin download -XX:ArchiveClassesAtExit="$work/client.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off

kill -TERM "$tracker_pid"
wait "$tracker_pid" || true
tracker_pid=
for archive in tracker client; do
    if [[ ! -s $work/$archive.jsa ]]; then
        echo "cds-archives: the $archive JVM wrote no archive" >&2
        exit 1
    fi
done
mv "$work/tracker.jsa" "$tracker_archive"
mv "$work/client.jsa" "$client_archive"
echo "cds-archives: wrote $tracker_archive and $client_archive"
