//! An SNS topic subscriber.
//!
//! Each record's `Message` is parsed as JSON into an [`OrderMessage`] and
//! processed on its own: a record that fails, even by a panic, does not stop
//! the others. SNS invokes the function asynchronously with one record, but
//! the event is a list, so every record is processed before the outcome is
//! decided.
//!
//! A failure is reported by failing the invocation: the handler returns an
//! error that names every failed message. Lambda then retries the whole event
//! (SNS has no partial batch response), and after its last retry sends the
//! event to the function's dead-letter queue. Keep the processing idempotent
//! (key it on the message id): a retried event is processed again.

use std::{any::Any, fmt, panic::AssertUnwindSafe};

use aws_lambda_events::event::sns::{SnsEvent, SnsMessage};
use futures::FutureExt;
use lambda_runtime::{Diagnostic, Error, LambdaEvent, run, service_fn, tracing};
use serde::Serialize;

mod message;

use message::{RecordError, process_message};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    run(service_fn(handler)).await
}

/// The answer of an invocation whose every record was processed.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Processed {
    /// The message ids, in the order of the records.
    pub processed: Vec<String>,
}

/// The error of an invocation with failed records: Lambda retries it.
#[derive(Debug)]
pub struct RecordsFailed {
    /// `(message id, why)` of every failed record.
    pub failures: Vec<(String, String)>,
    /// How many records the event held.
    pub total: usize,
}

impl fmt::Display for RecordsFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of {} records failed",
            self.failures.len(),
            self.total
        )?;
        for (message_id, error) in &self.failures {
            write!(f, "; {message_id}: {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RecordsFailed {}

/// The invocation's error as Lambda reports it: `errorType` "RecordsFailed"
/// (in the logs, and on the event in the dead-letter queue) and the message.
impl From<RecordsFailed> for Diagnostic {
    fn from(error: RecordsFailed) -> Self {
        Diagnostic {
            error_type: "RecordsFailed".to_string(),
            error_message: error.to_string(),
        }
    }
}

async fn handler(event: LambdaEvent<SnsEvent>) -> Result<Processed, RecordsFailed> {
    let messages: Vec<&SnsMessage> = event.payload.records.iter().map(|r| &r.sns).collect();
    process_records(&messages, process_message).await
}

/// Runs `process` on each message in turn, each isolated from the others: an
/// error or a panic fails that message only, and the rest are still
/// processed. Catching the panic needs `panic = "unwind"` (the release
/// profile in Cargo.toml); with "abort" a panic would end the process, which
/// fails the invocation too.
async fn process_records<'a, F, Fut>(
    messages: &[&'a SnsMessage],
    process: F,
) -> Result<Processed, RecordsFailed>
where
    F: Fn(&'a SnsMessage) -> Fut,
    Fut: Future<Output = Result<(), RecordError>>,
{
    let mut processed = Vec::new();
    let mut failures = Vec::new();

    for &message in messages {
        let message_id = message.message_id.clone();
        // `process` is called inside the guarded future, so a panic before
        // its first await is caught as well. AssertUnwindSafe: a processor
        // that keeps state across messages (a cache, a counter) must stay
        // consistent if it panics midway; this one keeps none.
        let outcome = AssertUnwindSafe(async { process(message).await })
            .catch_unwind()
            .await;
        let error = match outcome {
            Ok(Ok(())) => {
                processed.push(message_id);
                continue;
            }
            Ok(Err(err)) => err.to_string(),
            Err(panic) => format!("processing panicked: {}", panic_message(panic.as_ref())),
        };
        tracing::warn!(message_id, %error, "message failed; failing the invocation for a retry");
        failures.push((message_id, error));
    }

    tracing::debug!(
        records = messages.len(),
        failed = failures.len(),
        "records processed"
    );
    if failures.is_empty() {
        Ok(Processed { processed })
    } else {
        Err(RecordsFailed {
            failures,
            total: messages.len(),
        })
    }
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

    fn sns_event(json: &str) -> SnsEvent {
        serde_json::from_str(json).expect("sample event must deserialize")
    }

    async fn invoke(json: &str) -> Result<Processed, RecordsFailed> {
        handler(LambdaEvent::new(sns_event(json), Context::default())).await
    }

    #[tokio::test]
    async fn processes_the_sample_notification() {
        let answer = invoke(include_str!("../events/notification.json"))
            .await
            .expect("the sample message is a valid order");
        assert_eq!(
            serde_json::to_value(&answer).expect("serializable"),
            serde_json::json!({ "processed": ["95df01b4-ee98-5cb9-9903-4c221d41eb5e"] })
        );
    }

    #[tokio::test]
    async fn a_bad_message_fails_the_invocation_and_names_it() {
        let err = invoke(include_str!("../events/bad-notification.json"))
            .await
            .expect_err("the bad sample is not a valid order");
        let text = err.to_string();
        assert!(
            text.starts_with("1 of 1 records failed; c3d4e5f6-ee98-5cb9-9903-4c221d41eb5f: "),
            "{text}"
        );
    }

    /// Two records: SNS sends one, but the event type is a list.
    fn good_and_bad() -> SnsEvent {
        let mut event = sns_event(include_str!("../events/notification.json"));
        let bad = sns_event(include_str!("../events/bad-notification.json"));
        event.records.extend(bad.records);
        event
    }

    #[tokio::test]
    async fn a_bad_record_does_not_stop_the_others() {
        let mut event = good_and_bad();
        event.records.reverse(); // the bad one first
        let err = handler(LambdaEvent::new(event, Context::default()))
            .await
            .expect_err("one record is bad");
        assert!(err.to_string().starts_with("1 of 2 records failed"));
    }

    #[tokio::test]
    async fn a_panicking_record_fails_alone() {
        let event = good_and_bad();
        let messages: Vec<&SnsMessage> = event.records.iter().map(|r| &r.sns).collect();
        let poisoned = messages[0].message_id.clone();
        let processed = std::sync::Mutex::new(Vec::new());
        let err = process_records(&messages, |message| {
            let (processed, poisoned) = (&processed, &poisoned);
            async move {
                if message.message_id == *poisoned {
                    panic!("injected failure");
                }
                processed
                    .lock()
                    .expect("not poisoned")
                    .push(message.message_id.clone());
                Ok(())
            }
        })
        .await
        .expect_err("one record panicked");
        assert_eq!(err.failures.len(), 1);
        assert_eq!(err.failures[0].0, poisoned);
        assert!(err.failures[0].1.contains("injected failure"));
        // The record after the panicking one was still processed.
        assert_eq!(processed.into_inner().expect("not poisoned").len(), 1);
    }

    #[tokio::test]
    async fn a_processor_that_panics_before_its_first_await_is_caught_too() {
        let event = good_and_bad();
        let messages: Vec<&SnsMessage> = event.records.iter().map(|r| &r.sns).collect();
        let err = process_records(&messages, |_message| -> std::future::Ready<_> {
            panic!("panicked while building the future")
        })
        .await
        .expect_err("every record panicked");
        assert_eq!(err.failures.len(), messages.len());
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
    async fn an_empty_event_processes_nothing() {
        let answer = invoke(r#"{"Records":[]}"#).await.expect("nothing to fail");
        assert!(answer.processed.is_empty());
    }
}
