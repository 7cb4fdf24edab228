/// Text made safe for HTML pages and SVG attributes.
enum HTMLText {
    /// `&`, `<`, `>` and `"` as entities: every name and value that came from a database or a user.
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
