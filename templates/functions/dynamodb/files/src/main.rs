//! An HTTP API (API Gateway HTTP API, payload format 2.0) in front of a
//! DynamoDB table.
//!
//! - `POST /items` validates a JSON item and stores it (PutItem)
//! - `GET /items/{id}` reads it back (GetItem), 404 when absent
//!
//! The table name comes from the `TABLE_NAME` environment variable. Set
//! `AWS_ENDPOINT_URL` to talk to a local DynamoDB-compatible server instead of AWS.

use lambda_http::{Error, Request, run, service_fn, tracing};

mod item;
mod routes;
mod store;

use store::DynamoStore;

const TABLE_NAME_VAR: &str = "TABLE_NAME";

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    let table_name = match std::env::var(TABLE_NAME_VAR) {
        Ok(name) if !name.trim().is_empty() => name,
        _ => {
            let message = format!(
                "the {TABLE_NAME_VAR} environment variable must be set to the DynamoDB table name"
            );
            tracing::error!("{message}");
            return Err(message.into());
        }
    };

    // Built once per execution environment and reused by every invocation.
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), table_name);
    let store = &store;

    run(service_fn(move |request: Request| async move {
        Ok::<_, Error>(routes::handle(store, request).await)
    }))
    .await
}
