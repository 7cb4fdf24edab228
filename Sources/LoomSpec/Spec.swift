/// A whole dataset description, as loaded from a `Configs/*.yaml` file and validated.
public struct Spec: Sendable, Hashable {
    public var dataset: String
    public var seed: UInt64
    public var scale: Double
    /// Tables in file order.
    public var tables: [TableSpec]
    public var file: String
    /// The spec file's text, kept for hashing and for storing with a job.
    public var text: String
    /// Declared targets for drift (`expectations:`), in file order.
    public var expectations: [Expectation] = []
    /// How drift is sampled and judged (`drift:`).
    public var drift = DriftSettings()
    /// Declared personas (`personas:`), in file order.
    public var personas: [Persona] = []
    /// Declared enum types (`enums:`), in file order.
    public var enums: [EnumSpec] = []

    public init(dataset: String, seed: UInt64, scale: Double, tables: [TableSpec], file: String, text: String) {
        self.dataset = dataset
        self.seed = seed
        self.scale = scale
        self.tables = tables
        self.file = file
        self.text = text
    }

    public func table(_ name: String) -> TableSpec? { tables.first { $0.name == name } }

    /// Tables ordered so that every table comes after the tables it references or descends from
    /// (a depth-first search with its own stack: no chain of tables is too long).
    public var loadOrder: [TableSpec] {
        let index = SpecIndex(self)
        var done = Set<String>()
        var out: [TableSpec] = []
        var frames: [(table: TableSpec, dependencies: [String], next: Int)] = []
        for root in tables where done.insert(root.name).inserted {
            frames.append((root, dependencies(of: root), 0))
            while let top = frames.indices.last {
                guard frames[top].next < frames[top].dependencies.count else {
                    out.append(frames.removeLast().table)
                    continue
                }
                let dep = frames[top].dependencies[frames[top].next]
                frames[top].next += 1
                if let d = index.table(dep), done.insert(d.name).inserted { frames.append((d, dependencies(of: d), 0)) }
            }
        }
        return out
    }

    /// Tables `t` reads from: its parent and the targets of its references.
    public func dependencies(of t: TableSpec) -> [String] {
        var deps: [String] = []
        var seen = Set<String>()
        if let p = t.parent {
            deps.append(p)
            seen.insert(p)
        }
        for c in t.columns {
            if case .reference(let rt, _, _) = c.source, rt != t.name, seen.insert(rt).inserted { deps.append(rt) }
        }
        return deps
    }
}
