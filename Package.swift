// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Loom",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "loom", targets: ["loom"]),
        .library(name: "LoomSpec", targets: ["LoomSpec"]),
        .library(name: "LoomGen", targets: ["LoomGen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "LoomSpec",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "LoomGen",
            dependencies: ["LoomSpec"],
            resources: [.copy("Resources/dictionaries")],
            // Exclusivity is checked in debug builds (and so in the tests); release builds drop the
            // runtime checks from the generation hot path (+10% rows/s, docs/BENCHMARKS.md).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(name: "LoomProtocol"),
        .target(name: "LoomWire", dependencies: ["CZeroMQ", "LoomProtocol"]),
        .target(name: "LoomStats"),
        .target(
            name: "LoomMonitor",
            dependencies: [
                "LoomProtocol", "LoomWire", "LoomStats",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(name: "LoomPostgres", dependencies: ["CLibPQ", "LoomSpec"]),
        .target(name: "LoomValidate", dependencies: ["LoomSpec", "LoomGen", "LoomPostgres", "LoomStats"]),
        // LoomLoad → LoomValidate: the loader sketches each shard against the job's drift targets.
        .target(name: "LoomLoad", dependencies: ["LoomGen", "LoomPostgres", "LoomStats", "LoomSpec", "LoomValidate"]),
        .target(
            name: "LoomWorker",
            dependencies: ["LoomProtocol", "LoomWire", "LoomLoad", "LoomValidate", "LoomGen", "LoomSpec", "LoomPostgres", "LoomStats"]
        ),
        .target(name: "LoomProfile", dependencies: ["LoomPostgres", "LoomStats", "LoomSpec", "LoomGen"]),
        .target(
            name: "LoomLive",
            dependencies: [
                "LoomSpec", "LoomGen", "LoomLoad", "LoomPostgres", "LoomMonitor", "LoomProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .target(
            name: "LoomCoordinator",
            dependencies: ["LoomProtocol", "LoomWire", "LoomPostgres", "LoomLoad", "LoomValidate", "LoomGen", "LoomSpec", "LoomStats"]
        ),
        .executableTarget(
            name: "loom",
            dependencies: [
                "LoomSpec", "LoomGen", "LoomProtocol", "LoomWire", "LoomPostgres", "LoomStats", "LoomLoad", "LoomValidate",
                "LoomWorker", "LoomCoordinator", "LoomMonitor", "LoomProfile", "LoomLive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Unit tests: pure logic, no PostgreSQL, processes or sockets; seconds in all (`make unit`).
        .testTarget(name: "LoomSpecTests", dependencies: ["LoomSpec"], resources: [.copy("InvalidSpecs")]),
        .testTarget(name: "LoomGenTests", dependencies: ["LoomGen", "LoomSpec"]),
        .testTarget(name: "LoomStatsTests", dependencies: ["LoomStats", "LoomGen"]),
        .testTarget(name: "LoomProfileTests", dependencies: ["LoomProfile", "LoomStats", "LoomSpec"]),
        .testTarget(name: "LoomProtocolTests", dependencies: ["LoomProtocol"]),
        .testTarget(name: "LoomLiveTests", dependencies: ["LoomLive", "LoomGen", "LoomSpec"]),
        .testTarget(name: "LoomValidateTests", dependencies: ["LoomValidate", "LoomStats", "LoomGen", "LoomSpec"]),
        .testTarget(name: "LoomLoadTests", dependencies: ["LoomLoad", "LoomPostgres", "LoomGen", "LoomSpec"]),
        .testTarget(
            name: "LoomMonitorTests",
            dependencies: ["LoomMonitor", "LoomProtocol", "LoomValidate", "LoomStats", "LoomGen", "LoomSpec"]
        ),
        // Integration tests: real ZeroMQ sockets, throwaway PostgreSQL clusters, loom processes.
        .testTarget(name: "LoomWireTests", dependencies: ["LoomProtocol", "LoomWire"]),
        .testTarget(
            name: "LoomIntegrationTests",
            dependencies: [
                "LoomPostgres", "LoomSpec", "LoomGen", "LoomProtocol", "LoomWire", "LoomLoad", "LoomValidate", "LoomStats", "LoomProfile",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["ProfileData"]
        ),
        .testTarget(
            name: "LoomCLITests",
            dependencies: ["LoomGen", "LoomSpec", "LoomProtocol", "LoomWire", "LoomPostgres", .product(name: "Yams", package: "Yams")]
        ),
    ]
)

// Fuzz targets (docs/TESTING.md): built with `-DFUZZING -sanitize=fuzzer,address` each is a libFuzzer
// binary (`make fuzz`); in a normal build each replays its corpus in Tests/FuzzCorpus (`make fuzz-replay`).
package.targets += [
    .target(name: "FuzzSupport"),
    .executableTarget(name: "FuzzSpec", dependencies: ["FuzzSupport", "LoomSpec"]),
    .executableTarget(name: "FuzzExpression", dependencies: ["FuzzSupport", "LoomSpec"]),
    .executableTarget(name: "FuzzWire", dependencies: ["FuzzSupport", "LoomProtocol"]),
    .executableTarget(name: "FuzzEvent", dependencies: ["FuzzSupport", "LoomProtocol", "LoomMonitor", "LoomStats"]),
    .executableTarget(name: "FuzzCopy", dependencies: ["FuzzSupport", "LoomGen", "LoomSpec"]),
]
