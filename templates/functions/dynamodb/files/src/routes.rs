//! Routing and the route handlers, generic over the [`ItemStore`].

use lambda_http::{
    Body, Request, RequestExt, Response,
    http::{
        HeaderValue, Method, StatusCode,
        header::{ALLOW, CONTENT_TYPE},
    },
    request::RequestContext,
    tracing,
};
use serde_json::{Value, json};

use crate::{
    item::{Item, MAX_ITEM_BYTES, validate_id},
    store::{InsertError, ItemStore},
};

/// Largest request body read for `POST /items`; a larger one is refused
/// unread. Items are bounded by [`MAX_ITEM_BYTES`], so this leaves room for
/// JSON syntax and escapes.
pub const MAX_BODY_BYTES: usize = 2 * MAX_ITEM_BYTES;

/// Handles one request. Every outcome, including bad input and storage
/// failures, is an HTTP response with a JSON body.
pub async fn handle<S: ItemStore>(store: &S, request: Request) -> Response<Body> {
    let response = route(store, &request).await;
    // DEBUG, not INFO: a line per request is what API Gateway's access logs
    // are for. Set AWS_LAMBDA_LOG_LEVEL=DEBUG to see these.
    tracing::debug!(
        method = %request.method(),
        path = request.uri().path(),
        status = response.status().as_u16(),
        "request handled"
    );
    response
}

async fn route<S: ItemStore>(store: &S, request: &Request) -> Response<Body> {
    let path = route_path(request);
    if path == "/items" {
        return match *request.method() {
            Method::POST => create_item(store, request).await,
            _ => method_not_allowed("POST"),
        };
    }
    if let Some(id) = item_id(request, path) {
        return match *request.method() {
            Method::GET => get_item(store, &id).await,
            _ => method_not_allowed("GET"),
        };
    }
    error(StatusCode::NOT_FOUND, "not found")
}

/// `POST /items`: 201 with the stored item, 409 when the `id` is taken.
async fn create_item<S: ItemStore>(store: &S, request: &Request) -> Response<Body> {
    if request.body().len() > MAX_BODY_BYTES {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("request body must be at most {MAX_BODY_BYTES} bytes"),
        );
    }
    let Ok(body) = std::str::from_utf8(request.body()) else {
        return error(StatusCode::BAD_REQUEST, "request body is not valid UTF-8");
    };
    let item = match Item::from_json(body) {
        Ok(item) => item,
        Err(reason) => return error(StatusCode::BAD_REQUEST, &reason),
    };
    if item.stored_size() > MAX_ITEM_BYTES {
        return item_too_large();
    }
    let created = json!(item);
    match store.insert(item).await {
        Ok(()) => json_response(StatusCode::CREATED, &created),
        Err(InsertError::AlreadyExists) => error(StatusCode::CONFLICT, "item already exists"),
        Err(InsertError::TooLarge) => item_too_large(),
        Err(InsertError::Store(err)) => internal_error(&err),
    }
}

/// `GET /items/{id}`
async fn get_item<S: ItemStore>(store: &S, id: &str) -> Response<Body> {
    if let Err(reason) = validate_id(id) {
        return error(StatusCode::BAD_REQUEST, &reason);
    }
    match store.get(id).await {
        Ok(Some(item)) => json_response(StatusCode::OK, &json!(item)),
        Ok(None) => error(StatusCode::NOT_FOUND, "item not found"),
        Err(err) => internal_error(&err),
    }
}

/// The `{id}` of `/items/{id}`: API Gateway's decoded path parameter when
/// present, otherwise the last path segment.
fn item_id(request: &Request, path: &str) -> Option<String> {
    let segment = path.strip_prefix("/items/")?;
    if segment.is_empty() || segment.contains('/') {
        return None;
    }
    let from_gateway = request
        .path_parameters_ref()
        .and_then(|params| params.first("id"))
        .map(str::to_string);
    Some(from_gateway.unwrap_or_else(|| segment.to_string()))
}

/// The request path without the API Gateway stage prefix, so routes match on
/// the `$default` stage and on named stages (`/prod/items`) alike.
fn route_path(request: &Request) -> &str {
    let path = request.uri().path();
    if let Some(RequestContext::ApiGatewayV2(context)) = request.request_context_ref()
        && let Some(stage) = context.stage.as_deref().filter(|s| *s != "$default")
        && let Some(rest) = path.strip_prefix('/').and_then(|p| p.strip_prefix(stage))
        && rest.starts_with('/')
    {
        return rest;
    }
    path
}

fn json_response(status: StatusCode, body: &Value) -> Response<Body> {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn error(status: StatusCode, message: &str) -> Response<Body> {
    json_response(status, &json!({ "error": message }))
}

fn item_too_large() -> Response<Body> {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("item must be at most {MAX_ITEM_BYTES} bytes as stored"),
    )
}

/// Logs the detail; the client only learns that something went wrong.
fn internal_error(err: &dyn std::error::Error) -> Response<Body> {
    tracing::error!(error = %err, "storage request failed");
    error(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
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
    use std::{collections::HashMap, sync::Mutex};

    use std::collections::hash_map::Entry;

    use super::*;
    use crate::store::StoreError;

    /// In-memory stand-in for the table, with its conditional write.
    #[derive(Default)]
    struct MemoryStore(Mutex<HashMap<String, Item>>);

    impl ItemStore for MemoryStore {
        async fn insert(&self, item: Item) -> Result<(), InsertError> {
            let mut items = self.0.lock().map_err(|_| StoreError::new("poisoned"))?;
            match items.entry(item.id.clone()) {
                Entry::Occupied(_) => Err(InsertError::AlreadyExists),
                Entry::Vacant(slot) => {
                    slot.insert(item);
                    Ok(())
                }
            }
        }

        async fn get(&self, id: &str) -> Result<Option<Item>, StoreError> {
            let items = self.0.lock().map_err(|_| StoreError::new("poisoned"))?;
            Ok(items.get(id).cloned())
        }
    }

    /// A store whose backend is down.
    struct FailingStore;

    impl ItemStore for FailingStore {
        async fn insert(&self, _item: Item) -> Result<(), InsertError> {
            Err(StoreError::new("secret-internal-detail: table is on fire").into())
        }

        async fn get(&self, _id: &str) -> Result<Option<Item>, StoreError> {
            Err(StoreError::new("secret-internal-detail: table is on fire"))
        }
    }

    fn event(json: &str) -> Request {
        lambda_http::request::from_str(json).expect("sample event must deserialize")
    }

    fn request(method: Method, uri: &str, body: Body) -> Request {
        lambda_http::http::Request::builder()
            .method(method)
            .uri(uri)
            .body(body)
            .expect("valid test request")
    }

    fn body_json(response: &Response<Body>) -> Value {
        serde_json::from_slice(response.body()).expect("response body must be JSON")
    }

    fn assert_json_content_type(response: &Response<Body>) {
        assert_eq!(
            response.headers().get(CONTENT_TYPE),
            Some(&HeaderValue::from_static("application/json"))
        );
    }

    #[tokio::test]
    async fn put_then_get_round_trips() {
        let store = MemoryStore::default();

        let created = handle(&store, event(include_str!("../events/put-item.json"))).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        assert_json_content_type(&created);

        let fetched = handle(&store, event(include_str!("../events/get-item.json"))).await;
        assert_eq!(fetched.status(), StatusCode::OK);
        assert_json_content_type(&fetched);
        assert_eq!(body_json(&fetched), body_json(&created));
        assert_eq!(body_json(&fetched)["id"], "item-1");
    }

    #[tokio::test]
    async fn second_put_with_the_same_id_is_a_conflict() {
        let store = MemoryStore::default();
        let created = handle(&store, event(include_str!("../events/put-item.json"))).await;
        assert_eq!(created.status(), StatusCode::CREATED);

        let again = handle(&store, event(include_str!("../events/put-existing.json"))).await;
        assert_eq!(again.status(), StatusCode::CONFLICT);
        assert_json_content_type(&again);
        assert_eq!(body_json(&again), json!({ "error": "item already exists" }));

        // The first item is still the one stored.
        let fetched = handle(&store, event(include_str!("../events/get-item.json"))).await;
        assert_eq!(body_json(&fetched), body_json(&created));
    }

    #[tokio::test]
    async fn oversized_items_are_refused_before_the_store() {
        let store = MemoryStore::default();
        let item = |description: String| {
            Body::from(
                json!({ "id": "big", "name": "x", "description": description, "quantity": 1 })
                    .to_string(),
            )
        };
        for body in [
            // fits in the body limit, too large as an item
            item("x".repeat(MAX_ITEM_BYTES)),
            // over the body limit: refused unread
            item("x".repeat(MAX_BODY_BYTES)),
            Body::Binary(vec![b' '; MAX_BODY_BYTES + 1]),
        ] {
            let response = handle(&store, request(Method::POST, "/items", body)).await;
            assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
            assert_json_content_type(&response);
            assert!(body_json(&response)["error"].is_string());
        }
        assert!(store.0.lock().expect("not poisoned").is_empty());

        // Just under the limit is stored.
        let fits = "x".repeat(MAX_ITEM_BYTES - 100);
        let response = handle(&store, request(Method::POST, "/items", item(fits))).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }

    /// A store that refuses the item for its size, as DynamoDB does when its
    /// count differs from ours.
    struct SizeLimitedStore;

    impl ItemStore for SizeLimitedStore {
        async fn insert(&self, _item: Item) -> Result<(), InsertError> {
            Err(InsertError::TooLarge)
        }

        async fn get(&self, _id: &str) -> Result<Option<Item>, StoreError> {
            Ok(None)
        }
    }

    #[tokio::test]
    async fn store_size_refusal_is_payload_too_large() {
        let response = handle(
            &SizeLimitedStore,
            event(include_str!("../events/put-item.json")),
        )
        .await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_json_content_type(&response);
        assert!(body_json(&response)["error"].is_string());
    }

    #[tokio::test]
    async fn missing_item_is_not_found() {
        let response = handle(
            &MemoryStore::default(),
            event(include_str!("../events/get-missing.json")),
        )
        .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_json_content_type(&response);
        assert_eq!(body_json(&response), json!({ "error": "item not found" }));
    }

    #[tokio::test]
    async fn invalid_items_are_bad_requests() {
        let store = MemoryStore::default();
        for body in [
            Body::from("{not json"),
            Body::from(r#"{"id":"","name":"x","quantity":1}"#),
            Body::Binary(vec![0xff, 0xfe]),
            Body::Empty,
        ] {
            let response = handle(&store, request(Method::POST, "/items", body)).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST);
            assert_json_content_type(&response);
            assert!(body_json(&response)["error"].is_string());
        }
        assert!(store.0.lock().expect("not poisoned").is_empty());
    }

    #[tokio::test]
    async fn storage_failures_do_not_leak_details() {
        for request in [
            event(include_str!("../events/put-item.json")),
            event(include_str!("../events/get-item.json")),
        ] {
            let response = handle(&FailingStore, request).await;
            assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
            assert_json_content_type(&response);
            assert_eq!(
                body_json(&response),
                json!({ "error": "internal server error" })
            );
        }
    }

    #[tokio::test]
    async fn unknown_routes_and_methods() {
        let store = MemoryStore::default();

        let response = handle(&store, request(Method::GET, "/nope", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);

        let response = handle(&store, request(Method::GET, "/items/a/b", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);

        let response = handle(&store, request(Method::GET, "/items", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            response.headers().get(ALLOW),
            Some(&HeaderValue::from_static("POST"))
        );

        let response = handle(&store, request(Method::DELETE, "/items/a", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn path_without_gateway_parameters_uses_the_last_segment() {
        let store = MemoryStore::default();
        let body = Body::from(r#"{"id":"abc","name":"x","quantity":1}"#);
        let created = handle(&store, request(Method::POST, "/items", body)).await;
        assert_eq!(created.status(), StatusCode::CREATED);

        let response = handle(&store, request(Method::GET, "/items/abc", Body::Empty)).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
}
