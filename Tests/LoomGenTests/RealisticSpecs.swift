/// Specs using every realistic-data feature: personas, `by:` conditions (same row, parent row,
/// child counts), correlations, time patterns, aggregates over child rows, locales, reviews and
/// labelled anomalies.
enum RealisticSpecs {
    static let everything = """
    dataset: realistic
    seed: 11
    personas:
      segment: { loyal: 0.5, bargain_hunter: 0.3, window_shopper: 0.2 }
    tables:
      users:
        rows: 1200
        columns:
          id:        { type: bigint, gen: sequence, primary_key: true }
          segment:   { type: text, gen: persona }
          country:   { type: text, gen: { choice: { US: 0.4, DE: 0.25, FR: 0.2, JP: 0.15 } } }
          first:     { type: text, gen: { dict: { name: first_names, locale: from(country) } } }
          last:      { type: text, gen: { dict: { name: last_names, locale: from(country) } } }
          city:      { type: text, gen: { dict: { name: cities, field: city, locale: from(country) } } }
          street:    { type: text, gen: { street_address: { locale: from(country) } } }
          postcode:  { type: text, gen: { postcode: { locale: from(country) } } }
          phone:     { type: text, gen: { phone: { locale: from(country) } } }
          currency:  { type: text, gen: { constant: { by: country, US: USD, DE: EUR, FR: EUR, JP: JPY } } }
          age:       { type: integer, gen: { normal: { mean: 40, sd: 12 } }, clamp: [18, 90] }
          income:    { type: "numeric(12,2)", gen: { lognormal: { by: segment, loyal: { mu: 10.9, sigma: 0.5 }, default: { mu: 10.5, sigma: 0.6 } } } }
          score:     { type: double precision, gen: { uniform: { min: 0, max: 1 } } }
          signup_at: { type: timestamptz, gen: { timestamp: { from: 2024-01-01, to: 2024-12-31, hours: office, weekdays: workdays, months: retail, growth: 2 } } }
        correlate: { [age, score]: 0.4, [age, signup_at]: -0.2 }
      orders:
        per_parent: { users: { poisson: { by: segment, loyal: 3, bargain_hunter: 5, window_shopper: 1 } } }
        columns:
          id:        { type: bigint, gen: sequence, primary_key: true }
          user_id:   { ref: users.id }
          segment:   { type: text, expr: "parent.segment" }
          shipping:  { type: "numeric(8,2)", gen: { choice: [0, 4.99] } }
          items:     { type: integer, expr: "count(order_items.id)" }
          total:     { type: "numeric(12,2)", expr: "sum(order_items.line_total) + shipping" }
          is_fraud:  { type: boolean, gen: { bernoulli: 0.05 } }
          amount:    { type: double precision, gen: { lognormal: { by: is_fraud, true: { mu: 7, sigma: 0.5 }, default: { mu: 4, sigma: 0.5 } } } }
      order_items:
        per_parent: { orders: { uniform: { min: 1, max: 4 } } }
        columns:
          id:         { type: bigint, gen: sequence, primary_key: true }
          order_id:   { ref: orders.id }
          quantity:   { type: integer, gen: { poisson: { by: parent.segment, bargain_hunter: 4, default: 1 } }, clamp: [1, 20] }
          unit_price: { type: "numeric(10,2)", gen: { uniform: { min: 1, max: 100 } } }
          line_total: { type: "numeric(12,2)", expr: "quantity * unit_price" }
      reviews:
        rows: 800
        columns:
          id:      { type: bigint, gen: sequence, primary_key: true }
          user_id: { ref: users.id }
          stars:   { type: smallint, gen: { choice: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 } } }
          title:   { type: text, gen: { review: { rating: stars, part: title } } }
          body:    { type: text, gen: { review: { rating: stars } } }
          at:      { type: timestamp, gen: { timestamp: { from: 2024-03-01T10:30:00Z, to: 2024-03-09T17:15:00Z, hours: evening } } }
    """
}
