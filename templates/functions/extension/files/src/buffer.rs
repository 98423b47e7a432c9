//! Records collected by the extension until they are flushed.

use std::{
    sync::{Mutex, PoisonError},
    time::Duration,
};

use lambda_extension::tracing;
use serde_json::Value;

/// A thread-safe list of JSON records, shared by the processors.
#[derive(Debug, Default)]
pub struct Buffer {
    records: Mutex<Vec<Value>>,
}

impl Buffer {
    pub fn push(&self, record: Value) {
        self.extend([record]);
    }

    pub fn extend(&self, records: impl IntoIterator<Item = Value>) {
        self.lock().extend(records);
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Takes everything buffered so far, leaving the buffer empty.
    pub fn take(&self) -> Vec<Value> {
        std::mem::take(&mut *self.lock())
    }

    /// Ships what is buffered, giving up after `budget`. Returns how many
    /// records were shipped.
    pub async fn flush(&self, budget: Duration) -> usize {
        let batch = self.take();
        if batch.is_empty() {
            return 0;
        }
        let count = batch.len();
        match tokio::time::timeout(budget, ship(batch)).await {
            Ok(()) => count,
            Err(_) => {
                tracing::warn!(records = count, ?budget, "flush timed out; records dropped");
                0
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Value>> {
        // A panic elsewhere must not take the extension down with it.
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Sends a batch to its destination. Replace the body with a call to yours
/// (an HTTP endpoint, Kinesis, S3, …); keep it fast, it runs on the
/// function's invoke path and inside the shutdown deadline.
async fn ship(batch: Vec<Value>) {
    for record in &batch {
        tracing::debug!(%record, "record");
    }
    tracing::info!(records = batch.len(), "flushed");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[tokio::test]
    async fn flush_empties_the_buffer() {
        let buffer = Buffer::default();
        buffer.push(json!({ "a": 1 }));
        buffer.extend([json!({ "b": 2 }), json!({ "c": 3 })]);
        assert_eq!(buffer.len(), 3);

        assert_eq!(buffer.flush(Duration::from_secs(1)).await, 3);
        assert_eq!(buffer.len(), 0);
        assert_eq!(buffer.flush(Duration::from_secs(1)).await, 0);
    }
}
