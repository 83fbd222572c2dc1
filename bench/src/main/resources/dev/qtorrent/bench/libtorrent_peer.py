"""The benchmark's libtorrent anchor: one libtorrent peer, a seeder or a downloader, over plain TCP on loopback.

  python3 libtorrent_peer.py seed TORRENT SAVE_DIR
      Checks the seed file against TORRENT, prints "listening PORT" and then "seeding INFOHASH" once every piece is
      verified, and serves until its standard input closes.
  python3 libtorrent_peer.py download TORRENT SAVE_DIR SEEDER_PORT
      Downloads from the seeder on 127.0.0.1:SEEDER_PORT, closes the file, forces it to the device (as the
      quic-torrent client does) and prints "done BYTES bytes, utime U s, stime S s, maxrss K KiB" before it exits.

No tracker, DHT, local discovery, UPnP, NAT-PMP, uTP or encryption: one TCP connection between two peers, with
libtorrent's own settings for a fast seeder (high_performance_seed) in both, no rate limits and no queueing of the
torrent. The tracker URL in the torrent (a quic:// one libtorrent cannot use) is dropped. Errors go to standard error
with exit code 1.
"""
import os
import resource
import sys
import time

import libtorrent as lt

TIMEOUT_SECONDS = 1200


def session():
    settings = lt.high_performance_seed()
    settings.update({
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "out_enc_policy": int(lt.enc_policy.disabled),
        "in_enc_policy": int(lt.enc_policy.disabled),
        "allowed_enc_level": int(lt.enc_level.plaintext),
        # Both peers are on 127.0.0.1.
        "allow_multiple_connections_per_ip": True,
        "active_downloads": -1,
        "active_seeds": -1,
        "active_limit": -1,
        "upload_rate_limit": 0,
        "download_rate_limit": 0,
        "send_socket_buffer_size": 4 << 20,
        "recv_socket_buffer_size": 4 << 20,
        "alert_mask": int(lt.alert_category.error | lt.alert_category.status | lt.alert_category.storage),
    })
    return lt.session(settings)


def torrent(path, save_dir):
    """The torrent without its trackers, added unqueued (not auto-managed) to be saved in save_dir."""
    with open(path, "rb") as f:
        meta = lt.bdecode(f.read())
    if not isinstance(meta, dict) or b"info" not in meta:
        fail(path + " is not a torrent file")
    meta.pop(b"announce", None)
    meta.pop(b"announce-list", None)
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(meta)
    params.save_path = save_dir
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    return params


def fail(message):
    print(message, file=sys.stderr, flush=True)
    sys.exit(1)


def wait_for(ses, done, what):
    """Handles alerts until done(alert) holds for one, or done(None) at a half-second tick; errors fail the run."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        ses.wait_for_alert(500)
        for alert in ses.pop_alerts():
            error = getattr(alert, "error", None)
            if isinstance(alert, (lt.listen_failed_alert, lt.torrent_error_alert, lt.file_error_alert,
                                  lt.add_torrent_alert)) and error is not None and error.value():
                fail("libtorrent: " + alert.message())
            if done(alert):
                return
        if done(None):
            return
    fail("libtorrent: no " + what + " within " + str(TIMEOUT_SECONDS) + " s")


def seed(torrent_path, save_dir):
    ses = session()
    handle = ses.add_torrent(torrent(torrent_path, save_dir))
    port = ses.listen_port()
    if port <= 0:
        fail("libtorrent: not listening")
    print("listening", port, flush=True)
    wait_for(ses, lambda a: isinstance(a, lt.torrent_checked_alert) or (a is None and handle.status().is_seeding),
             "check of the seed file")
    status = handle.status()
    if not status.is_seeding:
        fail("libtorrent: the seed file does not match the torrent (%d of %d bytes verified)"
             % (status.total_wanted_done, status.total_wanted))
    print("seeding", str(handle.info_hashes().v1), flush=True)
    # Serves until the benchmark closes our standard input (or ends the process).
    sys.stdin.read()


def download(torrent_path, save_dir, seeder_port):
    ses = session()
    params = torrent(torrent_path, save_dir)
    info = params.ti
    handle = ses.add_torrent(params)
    handle.connect_peer(("127.0.0.1", seeder_port))
    wait_for(ses, lambda a: isinstance(a, lt.torrent_finished_alert) or (a is None and handle.status().is_seeding),
             "finished download")
    status = handle.status()
    if status.total_wanted_done != info.total_size():
        fail("libtorrent: finished with %d of %d bytes" % (status.total_wanted_done, info.total_size()))
    # Removing the torrent closes its files; then the data is forced to the device, as our client does at the end.
    ses.remove_torrent(handle)
    wait_for(ses, lambda a: isinstance(a, lt.torrent_removed_alert), "torrent removal")
    for index in range(info.num_files()):
        fd = os.open(os.path.join(save_dir, info.files().file_path(index)), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print("done %d bytes, utime %.3f s, stime %.3f s, maxrss %d KiB"
          % (info.total_size(), usage.ru_utime, usage.ru_stime, usage.ru_maxrss), flush=True)


def main(args):
    if len(args) == 3 and args[0] == "seed":
        seed(args[1], args[2])
    elif len(args) == 4 and args[0] == "download" and args[3].isdigit():
        download(args[1], args[2], int(args[3]))
    elif args == ["version"]:
        print("libtorrent", lt.__version__, flush=True)
    else:
        fail("usage: libtorrent_peer.py seed TORRENT SAVE_DIR | download TORRENT SAVE_DIR SEEDER_PORT | version")


if __name__ == "__main__":
    main(sys.argv[1:])
