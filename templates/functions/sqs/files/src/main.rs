//! An SQS queue consumer that reports partial batch failures.
//!
//! Each record's body is parsed as JSON into an [`OrderMessage`] and processed
//! on its own. A record that cannot be parsed or processed is reported in
//! `batchItemFailures`, so SQS retries (and eventually dead-letters) only that
//! message while the rest of the batch is deleted. That holds for a record
//! whose processing panics, too.
//!
//! The event source mapping must enable `ReportBatchItemFailures`.

use std::{any::Any, panic::AssertUnwindSafe};

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use futures::FutureExt;
use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};

mod message;

use message::{RecordError, process_record};

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
    Ok(process_batch(&event.payload.records, process_record).await)
}

/// Runs `process` on each record in turn, each isolated from the others: an
/// error or a panic fails that record only. Catching the panic needs
/// `panic = "unwind"` (the release profile in Cargo.toml); with "abort" a
/// panic would end the process and SQS would retry the whole batch.
async fn process_batch<'a, F, Fut>(records: &'a [SqsMessage], process: F) -> SqsBatchResponse
where
    F: Fn(&'a SqsMessage) -> Fut,
    Fut: Future<Output = Result<(), RecordError>>,
{
    let mut response = SqsBatchResponse::default();

    for record in records {
        let message_id = record.message_id.as_deref().unwrap_or_default();
        // `process` is called inside the guarded future, so a panic before
        // its first await is caught as well. AssertUnwindSafe: a processor
        // that keeps state across records (a cache, a counter) must stay
        // consistent if it panics midway; this one keeps none.
        let outcome = AssertUnwindSafe(async { process(record).await })
            .catch_unwind()
            .await;
        let error = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(err)) => err.to_string(),
            Err(panic) => format!("processing panicked: {}", panic_message(panic.as_ref())),
        };
        tracing::warn!(message_id, %error, "record failed; reporting it for retry");
        // An empty id makes Lambda retry the whole batch, which is the safe
        // outcome for a record that SQS sent without an id.
        response.add_failure(message_id);
    }

    tracing::debug!(
        records = records.len(),
        failed = response.batch_item_failures.len(),
        "batch processed"
    );
    response
}

/// The message of a panic payload (`panic!` with a literal or a format).
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
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
    async fn a_panicking_record_fails_alone() {
        let event = sqs_event(include_str!("../events/batch.json")).payload;
        let poisoned = event.records[0].message_id.clone();
        assert!(poisoned.is_some());

        let processed = std::sync::Mutex::new(Vec::new());
        let response = process_batch(&event.records, |record| {
            let (processed, poisoned) = (&processed, &poisoned);
            async move {
                if record.message_id == *poisoned {
                    panic!("injected failure");
                }
                processed
                    .lock()
                    .expect("not poisoned")
                    .push(record.message_id.clone());
                Ok(())
            }
        })
        .await;

        assert_eq!(
            failed_ids(&response),
            vec![poisoned.as_deref().unwrap_or_default()]
        );
        // Every record after the panicking one was still processed.
        assert_eq!(
            processed.into_inner().expect("not poisoned").len(),
            event.records.len() - 1
        );
    }

    #[tokio::test]
    async fn a_processor_that_panics_before_its_first_await_is_caught_too() {
        let event = sqs_event(include_str!("../events/batch.json")).payload;
        let response = process_batch(&event.records, |_record| -> std::future::Ready<_> {
            panic!("panicked while building the future")
        })
        .await;
        assert_eq!(response.batch_item_failures.len(), event.records.len());
    }

    #[test]
    fn panic_messages_are_read_from_both_payload_kinds() {
        let literal: Box<dyn Any + Send> = Box::new("static");
        let formatted: Box<dyn Any + Send> = Box::new(format!("record {}", 7));
        let other: Box<dyn Any + Send> = Box::new(42_u8);
        assert_eq!(panic_message(literal.as_ref()), "static");
        assert_eq!(panic_message(formatted.as_ref()), "record 7");
        assert_eq!(panic_message(other.as_ref()), "(no message)");
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
