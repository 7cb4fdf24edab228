/// Text that came from a peer, made safe for a log line or a terminal: control characters
/// (newlines, ANSI escapes) are shown as `\u{…}` escapes and the length is capped, so a peer
/// cannot forge log lines or repaint a terminal.
public enum Sanitized {
    public static func text(_ s: String, limit: Int = 300) -> String {
        var out = ""
        var n = 0
        for scalar in s.unicodeScalars {
            if n >= limit {
                out += "…"
                break
            }
            n += 1
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}" {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
