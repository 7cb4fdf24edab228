/// A child table generated as one walk per parent row through a state machine: the walk starts
/// in `start`, each visited state is one row, the next state is drawn from the current state's
/// transition weights, and the walk ends in a state without transitions (which still makes its
/// row), on the `exit` target (which makes none), or after `maxSteps` rows. Each state's dwell
/// time is drawn from its generator, so rows carry strictly increasing elapsed times.
public struct SequenceSpec: Sendable, Hashable {
    /// One weighted edge of the state machine.
    public struct Transition: Sendable, Hashable {
        public var target: String
        public var weight: Double
        public var location: SourceLocation
    }

    /// One state: where it may go next and how long a visit lasts.
    public struct State: Sendable, Hashable {
        public var name: String
        public var next: [Transition]
        /// Seconds spent in the state before the next one (a numeric generator); 1 s if unset.
        public var dwell: GeneratorSpec?
        public var location: SourceLocation
        /// Transitions that replace `next` when the parent's `by` column has the given value.
        public var nextBy: [String: [Transition]] = [:]
    }

    /// A column of the parent row whose value selects each state's `next_by` transitions
    /// (a persona: bargain hunters abandon more carts).
    public var by: String?
    public var byLocation: SourceLocation?
    public var start: String
    public var states: [State]
    public var maxSteps: Int

    /// The transition target that ends a walk without a row.
    public static let exit = "exit"
    /// The longest walk allowed.
    public static let stepLimit = 1000

    public func state(_ name: String) -> State? { states.first { $0.name == name } }

    /// The probability that a walk visits `target` (for parent value `value` of `by`), by
    /// iterating the chain over `maxSteps` steps — what a large sample's share converges to.
    public func reachProbability(of target: String, value: String? = nil) -> Double {
        var mass: [String: Double] = [start: 1]
        var reached = 0.0
        for _ in 0..<maxSteps {
            var next: [String: Double] = [:]
            for (name, m) in mass {
                if name == target {
                    reached += m
                    continue
                }
                guard let s = state(name) else { continue }
                let edges = value.flatMap { s.nextBy[$0] } ?? s.next
                let total = edges.reduce(0) { $0 + $1.weight }
                for e in edges where e.target != Self.exit { next[e.target, default: 0] += m * e.weight / total }
            }
            mass = next
        }
        return reached
    }

    /// The parent values any state has `next_by` transitions for, sorted.
    public var byValues: [String] { Array(Set(states.flatMap(\.nextBy.keys))).sorted() }
}
