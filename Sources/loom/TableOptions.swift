import ArgumentParser
import LoomLoad

/// How a load treats the tables it creates and finds: the flags `load`, `coordinator` and `run`
/// share.
struct TableOptions: ParsableArguments {
    @Option(help: "For existing tables not loaded by Loom: fail, truncate, append or skip.")
    var ifExists: String = "fail"

    @Flag(help: "Create UNLOGGED tables and set them LOGGED after loading (faster, not crash-safe while loading).")
    var unlogged = false

    @Flag(help: "Leave out primary keys, unique indexes and foreign keys at the end (e.g. for distributed Citus tables).")
    var skipConstraints = false

    @Flag(help: "Drop and reload tables that another Loom job (e.g. with other --rows) loaded.")
    var replace = false

    func validate() throws {
        guard LoadOptions.IfExists(rawValue: ifExists) != nil else {
            throw ValidationError("--if-exists must be one of: \(LoadOptions.IfExists.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// Sets these choices on `options`.
    func apply(to options: inout LoadOptions) {
        options.ifExists = LoadOptions.IfExists(rawValue: ifExists) ?? .fail
        options.unlogged = unlogged
        options.skipConstraints = skipConstraints
        options.replace = replace
    }

    /// The first flag that makes no sense for tables Loom did not make (nil: none given).
    var clashWithIntoExisting: String? {
        if ifExists != "fail" { return "--if-exists" }
        if unlogged { return "--unlogged" }
        if skipConstraints { return "--skip-constraints" }
        if replace { return "--replace" }
        return nil
    }

    /// The same choices as command-line arguments (for the coordinator `loom run` starts).
    var arguments: [String] {
        ["--if-exists", ifExists] + (unlogged ? ["--unlogged"] : []) + (skipConstraints ? ["--skip-constraints"] : [])
            + (replace ? ["--replace"] : [])
    }
}
