import LoomProfile
import Testing

/// Which text columns become categories.
@Suite struct CategoryRuleTests {
    let privacy = PrivacyFilter(minCount: 10)

    @Test func manyFrequentValuesAreCategories() throws {
        // 200 store codes seen 20 to 60 times each, and 40 rare ones: kept as 200 categories.
        var counts: [String: Int] = [:]
        for i in 0..<200 { counts["ST-\(1000 + i)"] = 20 + i % 41 }
        for i in 0..<40 { counts["ST-\(5000 + i)"] = 1 + i % 3 }
        let rows = counts.values.reduce(0, +)
        let cats = try #require(CategoryRule.categories(counts, rows: rows, key: false, privacy: privacy))
        #expect(cats.kept.count == 200)
        #expect(cats.droppedValues == 40)
    }

    @Test func tooManyOrTooRareValuesAreNot() {
        var many: [String: Int] = [:]
        for i in 0..<400 { many["v\(i)"] = 30 }
        #expect(CategoryRule.categories(many, rows: 12_000, key: false, privacy: privacy) == nil, "more than a sketch counts")
        var sparse: [String: Int] = [:]
        for i in 0..<100 { sparse["a\(i)"] = 12 }
        for i in 0..<500 { sparse["b\(i)"] = 1 }
        #expect(CategoryRule.categories(sparse, rows: 1_700, key: false, privacy: privacy) == nil, "70% of rows in kept values")
    }

    @Test func fewValuesNeedHalfTheRows() {
        #expect(CategoryRule.categories(["a": 30, "b": 25, "c": 3], rows: 58, key: false, privacy: privacy)?.kept.count == 2)
        #expect(CategoryRule.categories(["a": 30, "b": 25], rows: 55, key: true, privacy: privacy) == nil, "keys are never categories")
        #expect(CategoryRule.categories([String(repeating: "x", count: 101): 50], rows: 50, key: false, privacy: privacy) == nil)
    }

    /// Kept values on part of the rows (20% up to 90%) with a tail of at least k rows: the kept
    /// values, for a mixture of them and the tail's shape; nothing below 20%, a key, or a tail
    /// under k rows.
    @Test func partlyFrequentValuesKeepTheirCategoriesForAMixture() throws {
        var sparse: [String: Int] = [:]
        for i in 0..<100 { sparse["a\(i)"] = 12 }
        for i in 0..<500 { sparse["b\(i)"] = 1 }
        let cats = try #require(CategoryRule.partial(sparse, rows: 1_700, key: false, privacy: privacy))
        #expect(cats.kept.count == 100 && cats.droppedValues == 500 && cats.droppedRecords == 500)
        #expect(CategoryRule.partial(sparse, rows: 1_700, key: true, privacy: privacy) == nil)
        var thin: [String: Int] = ["a": 12]
        for i in 0..<200 { thin["b\(i)"] = 1 }
        #expect(CategoryRule.partial(thin, rows: 212, key: false, privacy: privacy) == nil, "6% of rows in kept values")
        #expect(CategoryRule.partial(["a": 40, "b": 3, "c": 2], rows: 45, key: false, privacy: privacy) == nil, "a tail of 5 rows")
    }
}
