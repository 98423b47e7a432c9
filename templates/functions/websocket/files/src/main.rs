//! A function behind an API Gateway WebSocket API, on its three routes:
//!
//! - `$connect`: accepts the connection (a non-2xx answer would refuse it)
//! - `$disconnect`: notes that the client left (API Gateway ignores the answer)
//! - `$default`: every message; answers `{"received":<the message>}` to the
//!   sender, or `{"error":…}` when the message is not JSON
//!
//! The answer reaches the sender through the route's route response
//! (two-way integration): the body the function returns is the message
//! API Gateway sends back, so no SDK call and no extra IAM permission.
//! Bad input never panics.

use aws_lambda_events::{
    apigw::{ApiGatewayProxyResponse, ApiGatewayWebsocketProxyRequest},
    encodings::Body,
    http::{HeaderMap, HeaderValue, header::CONTENT_TYPE},
};
use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use serde::de::IgnoredAny;
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    run(service_fn(handler)).await
}

/// Entry point called by the Lambda runtime for every WebSocket event.
///
/// Never returns `Err`: every outcome, including a bad message, is an answer.
async fn handler(
    event: LambdaEvent<ApiGatewayWebsocketProxyRequest>,
) -> Result<ApiGatewayProxyResponse, Error> {
    Ok(handle(&event.payload))
}

fn handle(request: &ApiGatewayWebsocketProxyRequest) -> ApiGatewayProxyResponse {
    let context = &request.request_context;
    let connection = context.connection_id.as_deref().unwrap_or("unknown");
    match context.route_key.as_deref() {
        Some("$connect") => {
            tracing::info!(connection, "connected");
            answer(200, &json!({ "message": "connected" }))
        }
        Some("$disconnect") => {
            tracing::info!(
                connection,
                status = context.disconnect_status_code,
                "disconnected"
            );
            answer(200, &json!({ "message": "disconnected" }))
        }
        Some("$default") => message(request.body.as_deref().unwrap_or_default()),
        other => {
            tracing::warn!(route = other, "unexpected route");
            answer(400, &json!({ "error": "unknown route" }))
        }
    }
}

/// `$default`: answers the JSON message it was sent, wrapped in `{"received":…}`.
fn message(text: &str) -> ApiGatewayProxyResponse {
    // Validate without building a tree; the answer embeds the original text.
    match serde_json::from_str::<IgnoredAny>(text) {
        Ok(_) => with_body(200, format!("{{\"received\":{}}}", text.trim())),
        Err(err) => answer(
            400,
            &json!({ "error": format!("message is not valid JSON: {err}") }),
        ),
    }
}

fn answer(status: i64, body: &Value) -> ApiGatewayProxyResponse {
    with_body(status, body.to_string())
}

fn with_body(status: i64, body: String) -> ApiGatewayProxyResponse {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = status;
    response.headers = headers;
    response.body = Some(Body::Text(body));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: &str) -> ApiGatewayWebsocketProxyRequest {
        serde_json::from_str(json).expect("sample event must deserialize")
    }

    fn body_json(response: &ApiGatewayProxyResponse) -> Value {
        match &response.body {
            Some(Body::Text(text)) => serde_json::from_str(text).expect("answer must be JSON"),
            other => panic!("expected a text body, got {other:?}"),
        }
    }

    #[test]
    fn connect_is_accepted() {
        let response = handle(&event(include_str!("../events/connect.json")));
        assert_eq!(response.status_code, 200);
        assert_eq!(body_json(&response), json!({ "message": "connected" }));
    }

    #[test]
    fn disconnect_is_acknowledged() {
        let response = handle(&event(include_str!("../events/disconnect.json")));
        assert_eq!(response.status_code, 200);
        assert_eq!(body_json(&response), json!({ "message": "disconnected" }));
    }

    #[test]
    fn message_is_answered() {
        let response = handle(&event(include_str!("../events/message.json")));
        assert_eq!(response.status_code, 200);
        assert_eq!(
            response.headers.get(CONTENT_TYPE),
            Some(&HeaderValue::from_static("application/json"))
        );
        assert_eq!(
            body_json(&response),
            json!({ "received": { "action": "hello", "name": "Ferris" } })
        );
    }

    #[test]
    fn bad_message_is_an_error_answer() {
        let response = handle(&event(include_str!("../events/bad-message.json")));
        assert_eq!(response.status_code, 400);
        assert!(body_json(&response)["error"].is_string());
    }

    #[test]
    fn empty_message_is_an_error_answer() {
        let json = include_str!("../events/message.json").replace(
            r#""body": "{\"action\":\"hello\",\"name\":\"Ferris\"}""#,
            r#""body": null"#,
        );
        let response = handle(&event(&json));
        assert_eq!(response.status_code, 400);
    }

    #[test]
    fn unknown_route_is_refused() {
        let json = include_str!("../events/message.json").replace("$default", "sendmessage");
        let response = handle(&event(&json));
        assert_eq!(response.status_code, 400);
        assert_eq!(body_json(&response), json!({ "error": "unknown route" }));
    }
}
