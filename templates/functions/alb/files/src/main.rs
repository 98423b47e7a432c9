//! A JSON API behind an Application Load Balancer (a target group of type `lambda`).
//!
//! - `GET /hello?name=Ferris` returns `{"message":"Hello, Ferris!"}`
//! - `POST /echo` returns the JSON request body unchanged
//!
//! Every response is JSON. Bad input never panics: it becomes a 4xx response
//! with a JSON error body. The load balancer forwards every path to the
//! function; the function answers 404 for the ones it does not serve.

use lambda_http::{Error, run, service_fn, tracing};

mod routes;

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    run(service_fn(routes::handle)).await
}
