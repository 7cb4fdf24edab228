/// Why a load stopped, phrased for the person running it: what failed, the error that caused it
/// (kept whole, so callers can still inspect a `PostgresError`'s SQLSTATE or a spec error's
/// location), and what to do about it.
///
/// Printed as `message: underlying; advice`, leaving out the parts that are absent.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    /// What failed; without `underlying`, the whole story.
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error)?
    /// What to do about it, printed after the cause.
    public var advice: String?

    public init(_ message: String) {
        self.message = message
    }

    /// A failure caused by `underlying`, reported in the context `message` (empty to print the
    /// cause alone) and followed by `advice`.
    public init(_ message: String = "", underlying: any Error, advice: String? = nil) {
        self.message = message
        self.underlying = underlying
        self.advice = advice
    }

    public var description: String {
        var text = message
        if let underlying { text = text.isEmpty ? "\(underlying)" : "\(text): \(underlying)" }
        if let advice { text += "; \(advice)" }
        return text
    }
}
