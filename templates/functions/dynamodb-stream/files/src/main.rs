//! A DynamoDB Streams consumer that reports partial batch failures.
//!
//! Each stream record (an INSERT, MODIFY or REMOVE of an item of the table) is
//! turned into a typed [`Change`] and processed on its own. A record that
//! cannot be processed, even one whose processing panics, is reported in
//! `batchItemFailures` by its sequence number.
//!
//! A stream is ordered, so unlike an SQS queue this consumer stops at the
//! first record that fails: Lambda checkpoints the shard at the lowest
//! sequence number reported and delivers every record from there again, so
//! the records after it would be processed twice if they were processed now.
//!
//! The event source mapping must enable `ReportBatchItemFailures`.

use std::{any::Any, panic::AssertUnwindSafe};

use aws_lambda_events::event::{
    dynamodb::{Event, EventRecord},
    streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse},
};
use futures::FutureExt;
use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};

mod change;

use change::{RecordError, process_record};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    run(service_fn(handler)).await
}

/// Processes the records in order and returns the sequence number of the
/// first one that failed, if any.
///
/// Never returns `Err` for a bad record: failing the invocation would make
/// Lambda retry the whole batch, including the records that succeeded.
async fn handler(event: LambdaEvent<Event>) -> Result<DynamoDbEventResponse, Error> {
    Ok(process_batch(&event.payload.records, process_record).await)
}

/// Runs `process` on each record in turn, each isolated from the others: an
/// error or a panic fails that record only, and ends the batch there (see the
/// module's documentation). Catching the panic needs `panic = "unwind"` (the
/// release profile in Cargo.toml); with "abort" a panic would end the process
/// and Lambda would retry the whole batch.
async fn process_batch<'a, F, Fut>(records: &'a [EventRecord], process: F) -> DynamoDbEventResponse
where
    F: Fn(&'a EventRecord) -> Fut,
    Fut: Future<Output = Result<(), RecordError>>,
{
    let mut response = DynamoDbEventResponse::default();

    for (done, record) in records.iter().enumerate() {
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
        // An empty sequence number makes Lambda retry the whole batch, which is
        // the safe outcome for a record that came without one.
        let sequence_number = record.change.sequence_number.as_deref().unwrap_or_default();
        tracing::warn!(
            sequence_number,
            event_id = %record.event_id,
            %error,
            skipped = records.len() - done - 1,
            "record failed; reporting it, the batch is retried from there"
        );
        // (DynamoDbEventResponse has no add_failure, unlike the SQS and Kinesis ones)
        let mut failure = DynamoDbBatchItemFailure::default();
        failure.item_identifier = Some(sequence_number.to_string());
        response.batch_item_failures.push(failure);
        break;
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

    fn stream_event(json: &str) -> LambdaEvent<Event> {
        let payload: Event = serde_json::from_str(json).expect("sample event must deserialize");
        LambdaEvent::new(payload, Context::default())
    }

    fn failed_ids(response: &DynamoDbEventResponse) -> Vec<&str> {
        response
            .batch_item_failures
            .iter()
            .filter_map(|failure| failure.item_identifier.as_deref())
            .collect()
    }

    #[tokio::test]
    async fn every_sample_change_is_processed() {
        for sample in [
            include_str!("../events/insert.json"),
            include_str!("../events/modify.json"),
            include_str!("../events/remove.json"),
        ] {
            let response = handler(stream_event(sample))
                .await
                .expect("handler never fails");
            assert!(response.batch_item_failures.is_empty(), "{sample}");
        }
    }

    #[tokio::test]
    async fn reports_the_bad_record_and_stops_there() {
        let response = handler(stream_event(include_str!("../events/batch.json")))
            .await
            .expect("handler never fails");
        assert_eq!(failed_ids(&response), vec!["222000000000000000000002"]);
    }

    #[tokio::test]
    async fn records_after_a_failure_are_left_for_the_retry() {
        let event = stream_event(include_str!("../events/batch.json")).payload;
        assert!(event.records.len() >= 3);
        let poisoned = event.records[0].event_id.clone();

        let processed = std::sync::Mutex::new(Vec::new());
        let response = process_batch(&event.records, |record| {
            let (processed, poisoned) = (&processed, &poisoned);
            async move {
                if record.event_id == *poisoned {
                    panic!("injected failure");
                }
                processed
                    .lock()
                    .expect("not poisoned")
                    .push(record.event_id.clone());
                Ok(())
            }
        })
        .await;

        assert_eq!(
            failed_ids(&response),
            vec![
                event.records[0]
                    .change
                    .sequence_number
                    .as_deref()
                    .unwrap_or_default()
            ]
        );
        // Nothing after the panicking record ran: Lambda delivers it again.
        assert!(processed.into_inner().expect("not poisoned").is_empty());
    }

    #[tokio::test]
    async fn a_processor_that_panics_before_its_first_await_is_caught_too() {
        let event = stream_event(include_str!("../events/batch.json")).payload;
        let response = process_batch(&event.records, |_record| -> std::future::Ready<_> {
            panic!("panicked while building the future")
        })
        .await;
        assert_eq!(response.batch_item_failures.len(), 1);
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
        let response = handler(stream_event(r#"{"Records":[]}"#))
            .await
            .expect("handler never fails");
        assert!(response.batch_item_failures.is_empty());
    }

    #[tokio::test]
    async fn response_serializes_in_the_shape_lambda_expects() {
        let response = handler(stream_event(include_str!("../events/batch.json")))
            .await
            .expect("handler never fails");
        assert_eq!(
            serde_json::to_value(&response).expect("serializable"),
            serde_json::json!({
                "batchItemFailures": [{ "itemIdentifier": "222000000000000000000002" }]
            })
        );
    }
}
