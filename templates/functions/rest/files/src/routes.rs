//! Routing and the route handlers. Pure functions of the request, so they are
//! tested without a Lambda runtime.

use lambda_http::{
    Body, Error, Request, RequestExt, Response,
    http::{
        HeaderValue, Method, StatusCode,
        header::{ALLOW, CONTENT_TYPE},
    },
    tracing,
};
use serde::de::IgnoredAny;
use serde_json::{Value, json};

/// Entry point called by the Lambda runtime for every request.
///
/// Never returns `Err`: every outcome, including bad input, is an HTTP response.
pub async fn handle(request: Request) -> Result<Response<Body>, Error> {
    let response = route(&request);
    // DEBUG, not INFO: a line per request is what API Gateway's access logs
    // are for. Set AWS_LAMBDA_LOG_LEVEL=DEBUG to see these.
    tracing::debug!(
        method = %request.method(),
        path = request.raw_http_path(),
        status = response.status().as_u16(),
        "request handled"
    );
    Ok(response)
}

fn route(request: &Request) -> Response<Body> {
    match (route_path(request), request.method()) {
        ("/hello", &Method::GET) => hello(request),
        ("/hello", _) => method_not_allowed("GET"),
        ("/echo", &Method::POST) => echo(request),
        ("/echo", _) => method_not_allowed("POST"),
        _ => error(StatusCode::NOT_FOUND, "not found"),
    }
}

/// `GET /hello?name=…`
fn hello(request: &Request) -> Response<Body> {
    let name = request
        .query_string_parameters_ref()
        .and_then(|params| params.first("name"))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or("world");

    json_response(
        StatusCode::OK,
        &json!({ "message": format!("Hello, {name}!") }),
    )
}

/// `POST /echo`: answers with the JSON document it was sent, byte for byte.
fn echo(request: &Request) -> Response<Body> {
    let Ok(text) = std::str::from_utf8(request.body()) else {
        return error(StatusCode::BAD_REQUEST, "request body is not valid UTF-8");
    };
    // Validate without building a tree; the answer is the original text.
    match serde_json::from_str::<IgnoredAny>(text) {
        Ok(_) => with_json_content_type(Response::new(Body::from(text))),
        Err(err) => error(
            StatusCode::BAD_REQUEST,
            &format!("request body is not valid JSON: {err}"),
        ),
    }
}

/// The path the routes match: the request's path as API Gateway sent it,
/// without the stage. A REST API always serves a named stage (`/prod/hello`);
/// lambda_http puts the stage in the URI it builds and keeps this path apart.
fn route_path(request: &Request) -> &str {
    request.raw_http_path()
}

fn json_response(status: StatusCode, body: &Value) -> Response<Body> {
    let mut response = with_json_content_type(Response::new(Body::from(body.to_string())));
    *response.status_mut() = status;
    response
}

fn with_json_content_type(mut response: Response<Body>) -> Response<Body> {
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn error(status: StatusCode, message: &str) -> Response<Body> {
    json_response(status, &json!({ "error": message }))
}

fn method_not_allowed(allow: &'static str) -> Response<Body> {
    let mut response = error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a request from an API Gateway REST API event, exactly as the runtime does.
    fn event(json: &str) -> Request {
        lambda_http::request::from_str(json).expect("sample event must deserialize")
    }

    fn body_json(response: &Response<Body>) -> Value {
        serde_json::from_slice(response.body()).expect("response body must be JSON")
    }

    /// A request as lambda_http makes one of an event: the path without the
    /// stage kept beside the URI.
    fn request(method: Method, uri: &str, body: Body) -> Request {
        let request = lambda_http::http::Request::builder()
            .method(method)
            .uri(uri)
            .body(body)
            .expect("valid test request");
        let path = request.uri().path().to_owned();
        request.with_raw_http_path(path)
    }

    async fn call(request: Request) -> Response<Body> {
        handle(request).await.expect("handler never fails")
    }

    fn assert_json_content_type(response: &Response<Body>) {
        assert_eq!(
            response.headers().get(CONTENT_TYPE),
            Some(&HeaderValue::from_static("application/json"))
        );
    }

    #[tokio::test]
    async fn hello_greets_by_name() {
        let response = call(event(include_str!("../events/hello.json"))).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_json_content_type(&response);
        assert_eq!(body_json(&response), json!({ "message": "Hello, Ferris!" }));
    }

    #[tokio::test]
    async fn hello_without_name_greets_the_world() {
        let response = call(request(Method::GET, "/hello", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(body_json(&response), json!({ "message": "Hello, world!" }));
    }

    #[tokio::test]
    async fn echo_returns_the_json_body() {
        let response = call(event(include_str!("../events/echo.json"))).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_json_content_type(&response);
        assert_eq!(
            response.body().as_ref(),
            br#"{"greeting":"hi","numbers":[1,2,3],"nested":{"ok":true}}"#
        );
    }

    #[tokio::test]
    async fn echo_rejects_invalid_json() {
        let response = call(event(include_str!("../events/bad-json.json"))).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_json_content_type(&response);
        assert!(body_json(&response)["error"].is_string());
    }

    #[tokio::test]
    async fn echo_rejects_an_empty_body() {
        let response = call(request(Method::POST, "/echo", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn echo_rejects_invalid_utf8() {
        let body = Body::Binary(vec![b'{', 0xff, 0xfe, b'}']);
        let response = call(request(Method::POST, "/echo", body)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_json_content_type(&response);
        assert_eq!(
            body_json(&response),
            json!({ "error": "request body is not valid UTF-8" })
        );
    }

    #[tokio::test]
    async fn unknown_route_is_not_found() {
        let response = call(event(include_str!("../events/not-found.json"))).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_json_content_type(&response);
        assert_eq!(body_json(&response), json!({ "error": "not found" }));
    }

    #[tokio::test]
    async fn wrong_method_is_not_allowed() {
        let response = call(request(Method::DELETE, "/hello", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            response.headers().get(ALLOW),
            Some(&HeaderValue::from_static("GET"))
        );

        let response = call(request(Method::GET, "/echo", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn the_routes_match_without_the_stage_whatever_its_name() {
        let json = include_str!("../events/hello.json")
            .replace("\"stage\": \"prod\"", "\"stage\": \"Prod\"")
            .replace("\"path\": \"/prod/hello\"", "\"path\": \"/Prod/hello\"");
        let response = call(event(&json)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(body_json(&response), json!({ "message": "Hello, Ferris!" }));
    }
}
