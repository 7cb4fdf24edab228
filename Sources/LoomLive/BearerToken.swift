import Hummingbird

/// Every request but the OpenAPI document and the index page needs `Authorization: Bearer
/// TOKEN` when the server has a token; otherwise 401 with what is missing.
struct BearerToken<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/" || path == "/v1/openapi.json" { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "this server needs Authorization: Bearer TOKEN")
        }
        guard header == "Bearer " + token else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "the bearer token is wrong")
        }
        return try await next(request, context)
    }
}
