/// The OpenAPI 3.0 description of `loom serve`, served at `/v1/openapi.json`, and the index
/// page that lists the endpoints.
enum OpenAPIDocument {
    static let json = """
        {
          "openapi": "3.0.3",
          "info": { "title": "Loom", "version": "1", "description": "Rows of a Loom spec, generated on request (every row is a pure function of seed, table and row), and load jobs." },
          "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
              "Error": { "type": "object", "properties": { "error": { "type": "object", "properties": { "message": { "type": "string" } } } } },
              "Column": { "type": "object", "required": ["name", "type"], "properties": { "name": { "type": "string" }, "type": { "type": "string" } } },
              "Table": {
                "type": "object", "required": ["name", "rows", "columns"],
                "properties": {
                  "name": { "type": "string" },
                  "rows": { "type": "integer", "format": "int64", "description": "Rows at the spec's scale (or the server's --scale/--rows)." },
                  "parent": { "type": "string", "nullable": true },
                  "columns": { "type": "array", "items": { "$ref": "#/components/schemas/Column" } }
                }
              },
              "JobRequest": {
                "type": "object", "required": ["database"],
                "properties": {
                  "database": { "type": "string", "description": "A postgres:// URL or libpq conninfo." },
                  "schema": { "type": "string", "default": "public" },
                  "rows": { "type": "integer", "format": "int64", "description": "Rows of every fixed-size table." },
                  "scale": { "type": "number" },
                  "spec": { "type": "string", "description": "A spec's YAML text; default: the spec this server serves." },
                  "connections": { "type": "integer", "default": 2 },
                  "into_existing": { "type": "boolean", "default": false }
                }
              },
              "Job": {
                "type": "object", "required": ["id", "state"],
                "properties": {
                  "id": { "type": "string" },
                  "state": { "type": "string", "enum": ["running", "done", "failed", "stopped"] },
                  "rows": { "type": "integer", "format": "int64" },
                  "planned_rows": { "type": "integer", "format": "int64" },
                  "shards": { "type": "integer" },
                  "planned_shards": { "type": "integer" },
                  "seconds": { "type": "number" },
                  "error": { "type": "string", "nullable": true }
                }
              }
            },
            "parameters": {
              "table": { "name": "table", "in": "path", "required": true, "schema": { "type": "string" } },
              "id": { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }
            },
            "responses": {
              "BadRequest": { "description": "A parameter is wrong; the message says which.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
              "Unauthorized": { "description": "The bearer token is missing or wrong.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
              "NotFound": { "description": "No such table, row or job.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
          },
          "security": [{ "bearer": [] }],
          "paths": {
            "/v1/tables": {
              "get": {
                "summary": "The spec's tables: columns, types and row counts.",
                "responses": {
                  "200": { "description": "The tables.", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Table" } } } } },
                  "401": { "$ref": "#/components/responses/Unauthorized" }
                }
              }
            },
            "/v1/tables/{table}/rows": {
              "get": {
                "summary": "A range of rows, streamed: any offset, in time proportional to the limit.",
                "parameters": [
                  { "$ref": "#/components/parameters/table" },
                  { "name": "offset", "in": "query", "schema": { "type": "integer", "format": "int64", "minimum": 0, "default": 0 } },
                  { "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int64", "minimum": 0, "maximum": 100000000, "default": 100 } },
                  { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json", "jsonl", "csv"], "default": "json" } },
                  { "name": "header", "in": "query", "description": "CSV: whether the column names come first.", "schema": { "type": "boolean", "default": true } }
                ],
                "responses": {
                  "200": {
                    "description": "The rows (fewer when the range passes the table's end).",
                    "content": {
                      "application/json": { "schema": { "type": "array", "items": { "type": "object" } } },
                      "application/jsonl": { "schema": { "type": "string" } },
                      "text/csv": { "schema": { "type": "string" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "404": { "$ref": "#/components/responses/NotFound" }
                }
              }
            },
            "/v1/tables/{table}/rows/{row}": {
              "get": {
                "summary": "One row by its index (0-based).",
                "parameters": [
                  { "$ref": "#/components/parameters/table" },
                  { "name": "row", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64", "minimum": 0 } }
                ],
                "responses": {
                  "200": { "description": "The row.", "content": { "application/json": { "schema": { "type": "object" } } } },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "404": { "$ref": "#/components/responses/NotFound" }
                }
              }
            },
            "/v1/jobs": {
              "post": {
                "summary": "Start a load job (into PostgreSQL, from this server).",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/JobRequest" } } } },
                "responses": {
                  "202": { "description": "Started (or already running).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Job" } } } },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "413": { "description": "The body is larger than the server takes.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                }
              }
            },
            "/v1/jobs/{id}": {
              "get": {
                "summary": "A job's state and progress.",
                "parameters": [{ "$ref": "#/components/parameters/id" }],
                "responses": {
                  "200": { "description": "The job.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Job" } } } },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "404": { "$ref": "#/components/responses/NotFound" }
                }
              },
              "delete": {
                "summary": "Stop a job after the shards it is loading; running it again resumes it.",
                "parameters": [{ "$ref": "#/components/parameters/id" }],
                "responses": {
                  "200": { "description": "The job, stopping.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Job" } } } },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "404": { "$ref": "#/components/responses/NotFound" }
                }
              }
            }
          }
        }
        """

    /// The page at `/`: the endpoints, with an example each.
    static let index = """
        <!doctype html><html><head><meta charset="utf-8"><title>Loom API</title>
        <style>body{font:15px system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em}code{background:#f3f3f3;padding:0 .3em}td{padding:.3em .8em;vertical-align:top}</style></head>
        <body><h1>Loom API</h1><p>Rows of the served spec, generated on request, and load jobs. OpenAPI 3: <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
        <table>
        <tr><td><code>GET /v1/tables</code></td><td>tables, columns, types, row counts</td></tr>
        <tr><td><code>GET /v1/tables/{table}/rows?offset=0&amp;limit=100&amp;format=json|jsonl|csv</code></td><td>any range of rows, streamed</td></tr>
        <tr><td><code>GET /v1/tables/{table}/rows/{row}</code></td><td>one row</td></tr>
        <tr><td><code>POST /v1/jobs</code></td><td>start a load: <code>{"database": "postgres://…", "rows": 100000}</code></td></tr>
        <tr><td><code>GET /v1/jobs/{id}</code>, <code>DELETE /v1/jobs/{id}</code></td><td>a job's progress; stop it</td></tr>
        </table><p>With <code>--token</code>, send <code>Authorization: Bearer TOKEN</code>.</p></body></html>
        """
}
