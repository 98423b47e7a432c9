//! A function to run the extension beside, on your machine: `cargo lambda watch --package
//! <extension> --example demo-function --invoke-port 9001` serves it with the Runtime and
//! Extensions APIs, and the extension (`cargo run --package <extension>`) registers with the same
//! emulator (the README has the exact commands). It answers with the payload it got and its
//! request id.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        Ok::<Value, Error>(json!({ "requestId": event.context.request_id, "echo": event.payload }))
    }))
    .await
}
