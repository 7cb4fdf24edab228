import LoomPostgres
import LoomSpec

/// `loom profile --update`: profiles the database tables an existing spec describes and refits
/// the spec's learned columns in place (see `SpecUpdater`), measuring how far each moved.
public struct SpecRefitter {
    let connection: PostgresConnection
    let options: ProfileOptions

    /// `options` as for `loom profile` (schema, sample, k, epsilon, seed); its tables are the spec's.
    public init(connection: PostgresConnection, options: ProfileOptions) {
        self.connection = connection
        self.options = options
    }

    /// Refits spec `text` (read from `file`); the updated text always loads, or this throws.
    public func run(text: String, file: String) throws -> SpecUpdate {
        let outline: SpecOutline
        let spec: Spec
        do {
            outline = try SpecOutline(text: text, file: file)
            spec = try SpecLoader.load(text: text, file: file)
        } catch let e as SpecError {
            throw ProfileUpdateError(file: file, "the spec does not load: \(e)")
        } catch let e as SpecErrors {
            throw ProfileUpdateError(file: file, "the spec does not load: \(e.errors.map(\.description).joined(separator: "; "))")
        }
        let schemaTables = try CatalogReader(connection).tables(schema: options.schema)
        let present = spec.tables.map(\.name).filter(Set(schemaTables).contains)
        guard !present.isEmpty else {
            throw ProfileUpdateError(
                file: file,
                "none of the spec's tables (\(spec.tables.map(\.name).joined(separator: ", "))) is in schema \(options.schema) of the database"
            )
        }
        var o = options
        o.tables = present
        o.avoidCopies = spec.tables.contains { $0.avoidCopies != nil }
        o.avoidCopiesColumns = Dictionary(
            spec.tables.compactMap { t in t.avoidCopies.map { (t.name, $0.columns) } }, uniquingKeysWith: { a, _ in a })
        o.correlations = spec.tables.contains { !$0.correlations.isEmpty }
        o.balance = [:]
        o.dataset = spec.dataset
        let profile = try Profiler(connection: connection, options: o).run()
        let freshSpec = try? SpecLoader.load(text: profile.spec, file: "profile.yaml")
        let updater = SpecUpdater(outline: outline, spec: spec, fresh: profile.tables, freshSpec: freshSpec, schemaTables: schemaTables)
        var update = updater.update()
        let after: Spec
        do {
            after = try SpecLoader.load(text: update.text, file: file)
        } catch {
            throw ProfileUpdateError(
                file: file,
                "the refitted spec would not load, so nothing is written: \(error.errors.map(\.description).joined(separator: "; "))")
        }
        update.notes += profile.report.filter { $0.hasPrefix("Skipped table: ") }
        LawShift(before: spec, after: after).measure(&update.columns)
        return update
    }
}
