// Renders /status.json into the torrent table and fetches it again every few seconds. Every text goes in through
// textContent and every link through an attribute, never as markup, so a torrent's name cannot inject HTML.
"use strict";

const REFRESH_MS = 3000;

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function link(parent, href, text, className) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  a.className = className;
  parent.appendChild(a);
  parent.appendChild(document.createTextNode(" "));
  return a;
}

function render(status) {
  const body = document.querySelector("#torrents tbody");
  const rows = [];
  for (const t of status.torrents) {
    const row = document.createElement("tr");
    row.dataset.infoHash = t.info_hash;
    const name = cell(row, t.name, "name");
    const hash = document.createElement("span");
    hash.className = "hash";
    hash.textContent = t.info_hash;
    name.appendChild(hash);
    cell(row, t.state);
    cell(row, bytes(t.size), "number");
    cell(row, String(t.seeds), "number");
    cell(row, String(t.leechers), "number");
    cell(row, String(t.downloaded), "number");
    cell(row, bytes(t.bytes_served), "number");
    const links = cell(row, "");
    link(links, t.magnet, "magnet", "magnet");
    const file = link(links, t.torrent, ".torrent", "torrent");
    file.setAttribute("download", t.name + ".torrent");
    rows.push(row);
  }
  body.replaceChildren(...rows);
  const summary = document.getElementById("summary");
  summary.className = "";
  summary.textContent = status.torrents.length + " torrents, " + status.peers + " peers (" + status.seeds
      + " seeds, " + status.leechers + " leechers). Updated " + new Date().toLocaleTimeString() + ".";
}

async function refresh() {
  try {
    const answer = await fetch("/status.json", {cache: "no-store"});
    if (!answer.ok) {
      throw new Error("HTTP " + answer.status);
    }
    render(await answer.json());
  } catch (e) {
    const summary = document.getElementById("summary");
    summary.className = "stale";
    summary.textContent = "Cannot reach the tracker (" + e.message + "); retrying.";
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
