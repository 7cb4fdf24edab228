/// When a text column is written as categories (`choice`) rather than a text generator: its
/// values are short, it is not a key, and either it has few distinct values (at most
/// `fewValues`) with at least half its rows in values seen k times or more, or it has many
/// (store codes, SKUs, departments) of which at most `maxKept` pass the k-threshold and cover at
/// least `manyCoverage` of the rows. Values seen fewer than k times are dropped either way.
/// `maxKept` is the number of categories a drift sketch counts one by one.
public enum CategoryRule {
    public static let fewValues = 50
    public static let maxKept = 256
    public static let manyCoverage = 0.9

    /// Least share of rows the kept categories of a column with a rare tail must cover to be
    /// written (as a `mixture` of them and the tail's shape) rather than left to a text generator.
    public static let partialCoverage = 0.2

    /// The kept categories of a column whose frequent values cover part of it (from
    /// `partialCoverage` up to `manyCoverage`) and whose rare tail (at least k rows) gets a
    /// generator of its own; nil otherwise.
    public static func partial(_ counts: [String: Int], rows: Int, key: Bool, privacy: PrivacyFilter) -> PrivacyFilter.Categories? {
        guard let (frequent, covered) = frequent(counts, rows: rows, key: key, privacy: privacy), frequent.count <= maxKept,
            covered >= partialCoverage, rows - frequent.reduce(0, +) >= privacy.minCount
        else { return nil }
        let cats = privacy.categories(counts)
        return cats.kept.isEmpty ? nil : cats
    }

    /// The counts seen at least k times and the share of rows they cover; nil for keys, no rows
    /// or values longer than a category's.
    static func frequent(_ counts: [String: Int], rows: Int, key: Bool, privacy: PrivacyFilter) -> (counts: [Int], covered: Double)? {
        guard !key, rows > 0, counts.keys.allSatisfy({ $0.count <= 100 }) else { return nil }
        let frequent = counts.values.filter { $0 >= privacy.minCount }
        return (frequent, Double(frequent.reduce(0, +)) / Double(rows))
    }

    /// The kept categories, or nil when the column is not categorical.
    public static func categories(_ counts: [String: Int], rows: Int, key: Bool, privacy: PrivacyFilter) -> PrivacyFilter.Categories? {
        guard let (frequent, covered) = frequent(counts, rows: rows, key: key, privacy: privacy) else { return nil }
        let few = counts.count <= fewValues && covered >= 0.5
        let many = frequent.count <= maxKept && covered >= manyCoverage
        guard few || many else { return nil }
        let cats = privacy.categories(counts)
        return cats.kept.isEmpty ? nil : cats
    }
}
