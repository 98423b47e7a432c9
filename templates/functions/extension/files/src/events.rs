//! The INVOKE / SHUTDOWN events processor.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lambda_extension::{Error, InvokeEvent, NextEvent, ShutdownEvent, tracing};
use serde_json::json;
use tokio::sync::Notify;

use crate::buffer::Buffer;

/// Lambda gives extensions about 2 s for SHUTDOWN; never plan for more.
const MAX_SHUTDOWN_BUDGET: Duration = Duration::from_millis(1_800);
/// Time kept in reserve before the deadline Lambda announces.
const SHUTDOWN_MARGIN: Duration = Duration::from_millis(200);
/// How long shipping may hold up an invocation.
const INVOKE_FLUSH_BUDGET: Duration = Duration::from_millis(500);

/// Handles one event from the Extensions API. Errors are logged, never
/// returned: an error here would make Lambda restart the environment.
pub async fn handle(buffer: &Buffer, shutdown: &Notify, event: NextEvent) -> Result<(), Error> {
    match event {
        NextEvent::Invoke(invoke) => on_invoke(buffer, invoke).await,
        NextEvent::Shutdown(event) => {
            on_shutdown(buffer, event).await;
            shutdown.notify_one();
        }
    }
    Ok(())
}

async fn on_invoke(buffer: &Buffer, invoke: InvokeEvent) {
    tracing::info!(
        request_id = %invoke.request_id,
        function_arn = %invoke.invoked_function_arn,
        "invoke"
    );
    // Ship what earlier invocations produced, then record this one.
    buffer.flush(INVOKE_FLUSH_BUDGET).await;
    buffer.push(json!({
        "type": "invoke",
        "requestId": invoke.request_id,
        "deadlineMs": invoke.deadline_ms,
    }));
}

async fn on_shutdown(buffer: &Buffer, event: ShutdownEvent) {
    let budget = shutdown_budget(event.deadline_ms, now_ms());
    tracing::info!(
        reason = %event.shutdown_reason,
        buffered = buffer.len(),
        budget_ms = budget.as_millis(),
        "shutdown"
    );
    buffer.flush(budget).await;
}

/// Time left to flush before `deadline_ms` (milliseconds since the epoch),
/// minus a safety margin, and never more than Lambda's shutdown limit.
fn shutdown_budget(deadline_ms: u64, now_ms: u64) -> Duration {
    Duration::from_millis(deadline_ms.saturating_sub(now_ms))
        .saturating_sub(SHUTDOWN_MARGIN)
        .min(MAX_SHUTDOWN_BUDGET)
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next_event(json: &str) -> NextEvent {
        serde_json::from_str(json).expect("sample event must deserialize")
    }

    fn shutdown_event(deadline_ms: u64) -> NextEvent {
        next_event(&format!(
            r#"{{"eventType":"SHUTDOWN","shutdownReason":"spindown","deadlineMs":{deadline_ms}}}"#
        ))
    }

    #[tokio::test]
    async fn invoke_is_buffered_until_the_next_event() {
        let buffer = Buffer::default();
        let shutdown = Notify::new();

        let invoke = next_event(include_str!("../events/invoke.json"));
        handle(&buffer, &shutdown, invoke)
            .await
            .expect("never fails");
        assert_eq!(buffer.len(), 1);

        let invoke = next_event(include_str!("../events/invoke.json"));
        handle(&buffer, &shutdown, invoke)
            .await
            .expect("never fails");
        assert_eq!(buffer.len(), 1, "the previous record was flushed");
    }

    #[tokio::test]
    async fn shutdown_flushes_and_signals() {
        let buffer = Buffer::default();
        let shutdown = Notify::new();
        buffer.push(json!({ "type": "function", "record": "hello" }));

        let event = shutdown_event(now_ms() + 2_000);
        handle(&buffer, &shutdown, event)
            .await
            .expect("never fails");

        assert_eq!(buffer.len(), 0);
        // notify_one stored a permit, so this resolves immediately.
        tokio::time::timeout(Duration::from_secs(1), shutdown.notified())
            .await
            .expect("shutdown was signalled");
    }

    #[test]
    fn shutdown_budget_respects_the_deadline() {
        assert_eq!(shutdown_budget(10_000, 8_000), Duration::from_millis(1_800));
        assert_eq!(shutdown_budget(10_000, 9_000), Duration::from_millis(800));
        assert_eq!(shutdown_budget(10_000, 9_900), Duration::ZERO);
        assert_eq!(shutdown_budget(10_000, 11_000), Duration::ZERO);
        assert_eq!(shutdown_budget(u64::MAX, 0), Duration::from_millis(1_800));
    }
}
