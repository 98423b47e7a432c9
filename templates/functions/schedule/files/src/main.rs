//! A function that EventBridge runs on a schedule.
//!
//! An EventBridge rule with a schedule expression (`rate(…)` or `cron(…)`)
//! invokes it asynchronously with a "Scheduled Event": the rule's ARN in
//! `resources` and the time the run was scheduled for in `time`. The function
//! logs the run and answers a JSON summary of it; put the real work in
//! [`run_job`].
//!
//! A run that returns an error is retried by Lambda; when the retries are
//! used up, the event goes to the function's dead-letter queue. The retries of
//! one run carry the same event id and scheduled time, so a job keyed on them
//! runs once however often it is delivered.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use serde::{Deserialize, Serialize};

/// The `detail` of a scheduled event: always `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ScheduledDetail {}

/// What an EventBridge schedule rule sends (`detail-type` "Scheduled Event").
pub type ScheduledEvent = EventBridgeEvent<ScheduledDetail>;

/// The answer of a run: which rule fired, for when, and the event's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    /// The name of the rule that fired (the last part of its ARN).
    pub rule: Option<String>,
    /// When the run was scheduled for, in RFC 3339 (UTC).
    pub scheduled_time: Option<String>,
    /// The event's id: every retry of this run carries the same one.
    pub event_id: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT (set to JSON for structured logs).
    tracing::init_default_subscriber();

    run(service_fn(handler)).await
}

async fn handler(event: LambdaEvent<ScheduledEvent>) -> Result<RunSummary, Error> {
    let summary = summarize(&event.payload)?;
    tracing::info!(
        rule = summary.rule.as_deref().unwrap_or("(unknown)"),
        scheduled_time = summary.scheduled_time.as_deref().unwrap_or("(unknown)"),
        event_id = summary.event_id.as_deref().unwrap_or("(unknown)"),
        "scheduled run"
    );
    run_job(&summary).await?;
    Ok(summary)
}

/// Checks that the event is a scheduled event and summarizes it.
pub fn summarize(event: &ScheduledEvent) -> Result<RunSummary, Error> {
    if event.source != "aws.events" || event.detail_type != "Scheduled Event" {
        return Err(format!(
            "not a scheduled event: source {:?}, detail-type {:?}",
            event.source, event.detail_type
        )
        .into());
    }
    let rule = event
        .resources
        .as_deref()
        .and_then(<[String]>::first)
        .map(|arn| rule_name(arn).to_string());
    let scheduled_time = event
        .time
        .map(|time| time.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    Ok(RunSummary {
        rule,
        scheduled_time,
        event_id: event.id.clone(),
    })
}

/// `arn:aws:events:<region>:<account>:rule/[<bus>/]<name>` → `<name>`.
fn rule_name(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, name)| name)
}

/// The work of one run. Replace the body with the real job (clean up a table,
/// call an API, send a report, …); return an error to have Lambda retry it.
pub async fn run_job(summary: &RunSummary) -> Result<(), Error> {
    tracing::debug!(?summary, "job done");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;

    fn event(json: &str) -> ScheduledEvent {
        serde_json::from_str(json).expect("sample event must deserialize")
    }

    #[tokio::test]
    async fn summarizes_the_sample_event() {
        let payload = event(include_str!("../events/scheduled.json"));
        let summary = handler(LambdaEvent::new(payload, Context::default()))
            .await
            .expect("a scheduled event is accepted");
        assert_eq!(
            serde_json::to_value(&summary).expect("serializable"),
            serde_json::json!({
                "rule": "my-schedule",
                "scheduledTime": "2026-03-10T12:00:00Z",
                "eventId": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa"
            })
        );
    }

    #[test]
    fn names_the_rule_of_a_custom_event_bus_too() {
        assert_eq!(
            rule_name("arn:aws:events:us-east-1:123456789012:rule/my-bus/nightly"),
            "nightly"
        );
        assert_eq!(rule_name("not-an-arn"), "not-an-arn");
    }

    #[test]
    fn missing_optional_fields_are_none() {
        let summary = summarize(&event(
            r#"{"detail-type":"Scheduled Event","source":"aws.events","detail":{}}"#,
        ))
        .expect("minimal scheduled event");
        assert_eq!(
            summary,
            RunSummary {
                rule: None,
                scheduled_time: None,
                event_id: None,
            }
        );
    }

    #[test]
    fn refuses_an_event_that_is_not_scheduled() {
        let other = event(
            r#"{"detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","detail":{}}"#,
        );
        let err = summarize(&other).expect_err("not a scheduled event");
        assert!(err.to_string().contains("not a scheduled event"));
    }

    #[test]
    fn a_malformed_event_is_a_deserialization_error_not_a_panic() {
        assert!(serde_json::from_str::<ScheduledEvent>(r#"{"source":1}"#).is_err());
        assert!(serde_json::from_str::<ScheduledEvent>("[]").is_err());
    }
}
