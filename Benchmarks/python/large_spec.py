"""Writes a large spec to stdout: `wide N` (one table of N mixed columns), `chain N` (N columns,
each computed from the one before) or `tables N` (N tables, each the child of the one before)."""
import sys

shape, n = sys.argv[1], int(sys.argv[2])
out = ["dataset: " + shape, "tables:"]
if shape == "wide":
    out += ["  users:", "    rows: 100", "    columns:", "      id: { type: bigint, gen: sequence, primary_key: true }",
            "  wide:", "    rows: 1000", "    columns:", "      id: { type: bigint, gen: sequence, primary_key: true }"]
    kinds = [
        "{ type: integer, gen: { uniform: { min: 1, max: 100 } } }",
        '{ type: integer, expr: "c%(p)d + 1" }',
        "{ type: text, gen: { choice: [a, b, c] } }",
        "{ type: text, gen: { constant: { by: c%(p)d, a: x, b: y, c: z } } }",
        "{ ref: users.id }",
    ]
    out += ["      c%d: %s" % (i, kinds[i % 5] % {"p": i - 1}) for i in range(n)]
elif shape == "chain":
    out += ["  t:", "    rows: 10", "    columns:", "      c0: { type: bigint, gen: sequence }"]
    out += ['      c%d: { type: bigint, expr: "c%d + 1" }' % (i, i - 1) for i in range(1, n)]
elif shape == "tables":
    out += ["  t0:", "    rows: 2", "    columns:", "      id: { type: bigint, gen: sequence, primary_key: true }"]
    for i in range(1, n):
        out += ["  t%d:" % i, "    per_parent: { t%d: { constant: 1 } }" % (i - 1), "    columns:",
                "      id: { type: bigint, gen: sequence, primary_key: true }", "      up: { ref: t%d.id }" % (i - 1)]
else:
    sys.exit("usage: large_spec.py wide|chain|tables N")
print("\n".join(out))
