//! An SQS queue consumer that reports partial batch failures.
//!
//! Each record's body is parsed as JSON into an [`OrderMessage`] and processed
//! on its own. A record that cannot be parsed or processed is reported in
//! `batchItemFailures`, so SQS retries (and eventually dead-letters) only that
//! message while the rest of the batch is deleted.
//!
//! The event source mapping must enable `ReportBatchItemFailures`.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};

mod message;

use message::process_record;

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    run(service_fn(handler)).await
}

/// Processes every record and returns the ids of those that failed.
///
/// Never returns `Err` for a bad record: failing the invocation would make SQS
/// retry the whole batch, including the records that succeeded.
async fn handler(event: LambdaEvent<SqsEvent>) -> Result<SqsBatchResponse, Error> {
    let mut response = SqsBatchResponse::default();

    for record in &event.payload.records {
        let message_id = record.message_id.as_deref().unwrap_or_default();
        if let Err(err) = process_record(record).await {
            tracing::warn!(message_id, error = %err, "record failed; reporting it for retry");
            // An empty id makes Lambda retry the whole batch, which is the
            // safe outcome for a record that SQS sent without an id.
            response.add_failure(message_id);
        }
    }

    tracing::info!(
        records = event.payload.records.len(),
        failed = response.batch_item_failures.len(),
        "batch processed"
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;

    fn sqs_event(json: &str) -> LambdaEvent<SqsEvent> {
        let payload: SqsEvent = serde_json::from_str(json).expect("sample event must deserialize");
        LambdaEvent::new(payload, Context::default())
    }

    fn failed_ids(response: &SqsBatchResponse) -> Vec<&str> {
        response
            .batch_item_failures
            .iter()
            .map(|failure| failure.item_identifier.as_str())
            .collect()
    }

    #[tokio::test]
    async fn reports_only_the_bad_record() {
        let response = handler(sqs_event(include_str!("../events/batch.json")))
            .await
            .expect("handler never fails");
        assert_eq!(
            failed_ids(&response),
            vec!["c3d4e5f6-0003-4000-8000-000000000003"]
        );
    }

    #[tokio::test]
    async fn empty_batch_has_no_failures() {
        let response = handler(sqs_event(r#"{"Records":[]}"#))
            .await
            .expect("handler never fails");
        assert!(response.batch_item_failures.is_empty());
    }

    #[tokio::test]
    async fn response_serializes_in_the_shape_lambda_expects() {
        let response = handler(sqs_event(include_str!("../events/batch.json")))
            .await
            .expect("handler never fails");
        assert_eq!(
            serde_json::to_value(&response).expect("serializable"),
            serde_json::json!({
                "batchItemFailures": [
                    { "itemIdentifier": "c3d4e5f6-0003-4000-8000-000000000003" }
                ]
            })
        );
    }
}
