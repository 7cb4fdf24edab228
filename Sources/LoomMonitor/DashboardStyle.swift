/// The look shared by the monitor's dashboard and the watch page: cards, tables, and the
/// coloured severity badges (`sev-ok`, `sev-warn`, `sev-alert`, `sev-collecting`).
public enum DashboardStyle {
    /// `s` safe inside HTML text and double-quoted attributes.
    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public static let css = #"""
        body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330;background:#f7f8fa}
        h1{font-size:20px;margin:0 0 4px}.sub{color:#667;margin-bottom:18px}
        .card{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:14px 18px;margin-bottom:16px}
        table{border-collapse:collapse;width:100%}td,th{padding:5px 8px;text-align:left;border-bottom:1px solid #eef0f4}
        th{font-weight:600;color:#556}.num{text-align:right;font-variant-numeric:tabular-nums}
        .bar{background:#e8ebf1;border-radius:4px;height:12px;width:260px;overflow:hidden}
        .fill{background:#3d7cf0;height:100%}.state{font-weight:600}.failed{color:#c0392b}.finished{color:#1e8e3e}
        .sev{font-weight:600;border-radius:4px;padding:1px 6px}.sev-ok{background:#e3f4e8;color:#1e6b34}.sev-warn{background:#fff1d6;color:#8a5a00}
        .sev-alert{background:#fde2df;color:#a12a1c}.sev-collecting{background:#eef0f4;color:#667}.reason{color:#556;font-size:12px}
        """#
}
