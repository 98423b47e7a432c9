//! A JSON API behind an API Gateway REST API (proxy integration, payload format 1.0).
//!
//! - `GET /hello?name=Ferris` returns `{"message":"Hello, Ferris!"}`
//! - `POST /echo` returns the JSON request body unchanged
//!
//! Every response is JSON. Bad input never panics: it becomes a 4xx response
//! with a JSON error body.

use lambda_http::{Error, run, service_fn, tracing};

mod routes;

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    run(service_fn(routes::handle)).await
}
