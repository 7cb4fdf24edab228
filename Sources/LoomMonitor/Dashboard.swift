/// The dashboard page: plain HTML, CSS and JavaScript in one string (works offline, no CDN),
/// polling `/api/status` every second. Its style is `DashboardStyle.css`, shared with the watch page.
enum Dashboard {
    static let html = #"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Loom monitor</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        \#(DashboardStyle.css)
        </style></head><body>
        <h1>Loom monitor</h1><div class="sub" id="summary">waiting for the coordinator…</div>
        <div class="card"><h3>Tables</h3><table><thead><tr><th>table</th><th>progress</th><th class="num">rows</th><th class="num">planned</th><th class="num">shards</th></tr></thead><tbody id="tables"></tbody></table></div>
        <div class="card"><h3>Rows per second</h3><canvas id="chart" width="900" height="180"></canvas></div>
        <div class="card"><h3>Workers</h3><table><thead><tr><th>worker</th><th>host</th><th class="num">shards</th><th class="num">rows</th><th class="num">rows/s</th><th class="num">last heartbeat</th></tr></thead><tbody id="workers"></tbody></table></div>
        <div class="card"><h3>Drift <span id="drift-summary" class="sub"></span></h3><table><thead><tr><th>column</th><th>severity</th><th class="num">sampled</th><th class="num">KS</th><th class="num">PSI</th><th class="num">TV</th><th class="num">NULL Δ</th><th class="num">worst shard</th><th>target / reasons</th></tr></thead><tbody id="drift"></tbody></table></div>
        <script>
        const fmt = n => n >= 1e6 ? (n/1e6).toFixed(2)+"M" : n >= 1e3 ? (n/1e3).toFixed(1)+"k" : Math.round(n).toString();
        const esc = s => String(s).replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
        async function tick() {
          try {
            const s = await (await fetch("api/status")).json();
            const eta = s.eta_seconds == null ? "--" : Math.round(s.eta_seconds) + " s";
            document.getElementById("summary").innerHTML =
              `job <b>${esc(s.job ?? "–")}</b> · <span class="state ${s.state}">${s.state}</span>${s.message ? " ("+esc(s.message)+")" : ""} · `+
              `${fmt(s.rows)} / ${fmt(s.planned_rows)} rows · ${fmt(s.rows_per_second)} rows/s · ETA ${eta} · `+
              `${s.workers.length} workers · ${s.leased_shards} leased · ${s.expired_leases} expired leases · ${s.failed_attempts} failed attempts · drift <span class="sev sev-${s.drift_severity}">${s.drift_severity}</span>`;
            document.getElementById("tables").innerHTML = s.tables.map(t => {
              const f = t.shards ? t.shards_committed / t.shards : 1;
              return `<tr><td>${esc(t.name)}</td><td><div class="bar"><div class="fill" style="width:${(f*100).toFixed(1)}%"></div></div></td>`+
                     `<td class="num">${fmt(t.rows)}</td><td class="num">${fmt(t.planned_rows)}</td><td class="num">${t.shards_committed}/${t.shards}</td></tr>`;
            }).join("");
            const num = (v, d) => v == null ? "–" : v.toFixed(d ?? 3);
            const order = {alert: 0, warn: 1, collecting: 2, ok: 3};
            const drift = [...s.drift].sort((a, b) => order[a.severity] - order[b.severity]);
            document.getElementById("drift-summary").textContent = drift.length ? `${drift.filter(d => d.severity == "alert").length} alert · ${drift.filter(d => d.severity == "warn").length} warn · ${drift.length} columns` : "no sketches yet";
            document.getElementById("drift").innerHTML = drift.map(d =>
              `<tr class="drift-row" data-severity="${d.severity}"><td>${esc(d.table)}.${esc(d.column)}</td><td><span class="sev sev-${d.severity}">${d.severity}</span></td>`+
              `<td class="num">${fmt(d.sampled)}</td><td class="num">${num(d.ks)}</td><td class="num">${num(d.psi)}</td><td class="num">${num(d.total_variation)}</td>`+
              `<td class="num">${d.null_rate == null || d.expected_null_rate == null ? "–" : num(Math.abs(d.null_rate - d.expected_null_rate))}</td>`+
              `<td class="num" title="${esc(d.worst_shard ?? "")}">${num(d.shard_distance)}</td>`+
              `<td>${esc(d.target)}${d.reasons.length ? `<div class="reason">${d.reasons.map(esc).join("<br>")}</div>` : ""}</td></tr>`).join("");
            document.getElementById("workers").innerHTML = s.workers.map(w =>
              `<tr><td>${esc(w.name)}</td><td>${esc(w.host ?? "")}</td><td class="num">${w.shards}</td><td class="num">${fmt(w.rows)}</td>`+
              `<td class="num">${fmt(s.elapsed_seconds > 0 ? w.rows / s.elapsed_seconds : 0)}</td><td class="num">${w.last_seen.toFixed(0)} s</td></tr>`).join("");
            const c = document.getElementById("chart"), g = c.getContext("2d"), h = s.history;
            g.clearRect(0, 0, c.width, c.height);
            c.dataset.points = h.length;
            if (h.length > 1) {
              const max = Math.max(1, ...h.map(p => p.rows_per_second)), t0 = h[0].seconds, t1 = h[h.length-1].seconds || 1;
              g.strokeStyle = "#3d7cf0"; g.lineWidth = 2; g.beginPath();
              h.forEach((p, i) => { const x = (p.seconds - t0) / Math.max(t1 - t0, 1) * (c.width - 10) + 5, y = c.height - 5 - p.rows_per_second / max * (c.height - 20);
                i ? g.lineTo(x, y) : g.moveTo(x, y); });
              g.stroke(); g.fillStyle = "#667"; g.fillText(fmt(max) + " rows/s", 8, 12);
            }
          } catch (e) { document.getElementById("summary").textContent = "monitor unreachable: " + e; }
        }
        tick(); setInterval(tick, 1000);
        </script></body></html>
        """#
}
