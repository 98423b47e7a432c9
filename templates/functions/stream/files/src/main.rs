//! A function URL that streams its response (invoke mode `RESPONSE_STREAM`).
//!
//! - `GET /` streams 5 lines, one every 250 ms: `chunk 1 of 5` … `chunk 5 of 5`
//! - `GET /?count=N` streams N lines (1 to 20)
//!
//! The status and headers go out first, then each line as soon as it is written,
//! so a client sees the lines arrive one by one (`curl -N`). A bad `count` is a
//! 400 with a JSON error body, never a panic.

use lambda_http::{Error, run_with_streaming_response, service_fn, tracing};

mod stream;

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    run_with_streaming_response(service_fn(stream::handle)).await
}
