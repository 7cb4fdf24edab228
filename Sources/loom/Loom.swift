@preconcurrency import Glibc
import ArgumentParser

/// The `loom` command line: parses, wires modules, prints. Logic lives in the modules.
@main
struct Loom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loom",
        abstract: "Deterministic synthetic data for PostgreSQL, from a declarative spec.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, PreviewCommand.self, DDLCommand.self, GenerateCommand.self, LoadCommand.self, VerifyCommand.self,
            ValidateCommand.self, RunCommand.self, CoordinatorCommand.self, WorkerCommand.self, KeysCommand.self, MonitorCommand.self,
            StatusCommand.self, BenchCommand.self, BenchProtocolCommand.self, DBCommand.self, ProfileCommand.self, InitCommand.self,
            ReportCommand.self, ServeCommand.self, StreamCommand.self, WatchCommand.self,
        ]
    )
}
