//! Records collected by the extension until they are flushed.
//!
//! The buffer is bounded: the extension shares the function's memory (128 MB
//! by default), and a function that logs faster than the records are shipped
//! must not take the execution environment down. When a bound is reached the
//! oldest records are dropped (the newest ones usually explain what is going
//! on now), the drops are counted, and the count is logged on the next flush.

use std::{
    collections::VecDeque,
    io,
    sync::{Mutex, MutexGuard, PoisonError},
    time::Duration,
};

use lambda_extension::tracing;
use serde_json::Value;

/// Most records held between two flushes.
pub const MAX_RECORDS: usize = 10_000;
/// Most bytes held between two flushes, counted as serialized JSON (what
/// [`ship`] sends).
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// A thread-safe, bounded list of JSON records, shared by the processors.
#[derive(Debug)]
pub struct Buffer {
    max_records: usize,
    max_bytes: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Each record with its serialized size.
    records: VecDeque<(Value, usize)>,
    bytes: usize,
    /// Records dropped since the last [`Buffer::drain`].
    dropped: u64,
}

/// What a flush takes out of the buffer.
#[derive(Debug, Default, PartialEq)]
pub struct Drained {
    pub records: Vec<Value>,
    /// Records dropped since the previous drain because a bound was reached.
    pub dropped: u64,
}

impl Default for Buffer {
    fn default() -> Self {
        Self::with_limits(MAX_RECORDS, MAX_BYTES)
    }
}

impl Buffer {
    /// A buffer that holds at most `max_records` records and `max_bytes`
    /// bytes of serialized JSON.
    pub fn with_limits(max_records: usize, max_bytes: usize) -> Self {
        Self {
            max_records,
            max_bytes,
            state: Mutex::default(),
        }
    }

    pub fn push(&self, record: Value) {
        self.extend([record]);
    }

    /// Adds records, dropping the oldest ones while a bound is exceeded. A
    /// record larger than the whole byte bound is dropped on arrival.
    pub fn extend(&self, records: impl IntoIterator<Item = Value>) {
        let mut state = self.lock();
        for record in records {
            let size = json_size(&record);
            if size > self.max_bytes || self.max_records == 0 {
                state.dropped += 1;
                continue;
            }
            while state.records.len() >= self.max_records || state.bytes + size > self.max_bytes {
                let Some((_, oldest)) = state.records.pop_front() else {
                    break;
                };
                state.bytes -= oldest;
                state.dropped += 1;
            }
            state.bytes += size;
            state.records.push_back((record, size));
        }
    }

    pub fn len(&self) -> usize {
        self.lock().records.len()
    }

    /// Takes everything buffered so far and the count of records dropped
    /// since the previous drain, leaving the buffer empty.
    pub fn drain(&self) -> Drained {
        let state = std::mem::take(&mut *self.lock());
        Drained {
            records: state
                .records
                .into_iter()
                .map(|(record, _)| record)
                .collect(),
            dropped: state.dropped,
        }
    }

    /// Ships what is buffered, giving up after `budget`. Returns how many
    /// records were shipped.
    pub async fn flush(&self, budget: Duration) -> usize {
        let Drained { records, dropped } = self.drain();
        if dropped > 0 {
            tracing::warn!(
                dropped,
                max_records = self.max_records,
                max_bytes = self.max_bytes,
                "buffer full: oldest records dropped since the last flush"
            );
        }
        if records.is_empty() {
            return 0;
        }
        let count = records.len();
        match tokio::time::timeout(budget, ship(records)).await {
            Ok(()) => count,
            Err(_) => {
                tracing::warn!(records = count, ?budget, "flush timed out; records dropped");
                0
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the extension down with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Length of `value` as compact JSON, counted without building the string.
fn json_size(value: &Value) -> usize {
    struct Counter(usize);
    impl io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    // Writing a `Value` to a writer that never fails cannot fail.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

/// Sends a batch to its destination. Replace the body with a call to yours
/// (an HTTP endpoint, Kinesis, S3, …); keep it fast, it runs on the
/// function's invoke path and inside the shutdown deadline.
async fn ship(batch: Vec<Value>) {
    for record in &batch {
        tracing::debug!(%record, "record");
    }
    tracing::debug!(records = batch.len(), "flushed");
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

    #[test]
    fn record_bound_drops_the_oldest_and_counts_them() {
        let buffer = Buffer::with_limits(3, usize::MAX);
        buffer.extend((0..5).map(|n| json!(n)));
        assert_eq!(buffer.len(), 3);

        let drained = buffer.drain();
        assert_eq!(drained.records, vec![json!(2), json!(3), json!(4)]);
        assert_eq!(drained.dropped, 2);

        // The count starts again after a drain.
        buffer.push(json!(5));
        assert_eq!(buffer.drain().dropped, 0);
    }

    #[test]
    fn byte_bound_drops_the_oldest_and_counts_them() {
        let record = |n: u32| json!({ "n": n, "pad": "x".repeat(90) });
        let size = json_size(&record(0));
        assert_eq!(size, serde_json::to_string(&record(0)).expect("json").len());

        let buffer = Buffer::with_limits(usize::MAX, size * 3);
        buffer.extend((0..10).map(record));
        let drained = buffer.drain();
        assert_eq!(drained.records, vec![record(7), record(8), record(9)]);
        assert_eq!(drained.dropped, 7);
    }

    #[test]
    fn a_record_over_the_byte_bound_is_dropped_on_arrival() {
        let buffer = Buffer::with_limits(10, 100);
        buffer.push(json!("small"));
        buffer.push(json!("x".repeat(200)));
        let drained = buffer.drain();
        assert_eq!(drained.records, vec![json!("small")]);
        assert_eq!(drained.dropped, 1);
    }

    #[test]
    fn default_bounds_hold_under_a_flood() {
        let buffer = Buffer::default();
        let line = json!({ "type": "function", "record": "y".repeat(1_000) });
        let sent = MAX_BYTES / 1_000 * 2;
        buffer.extend(std::iter::repeat_n(line, sent));
        let drained = buffer.drain();
        let bytes: usize = drained.records.iter().map(json_size).sum();
        assert!(bytes <= MAX_BYTES);
        assert!(drained.records.len() <= MAX_RECORDS);
        assert_eq!(drained.records.len() as u64 + drained.dropped, sent as u64);
    }

    #[tokio::test]
    async fn flush_ships_what_is_left_after_drops() {
        let buffer = Buffer::with_limits(2, usize::MAX);
        buffer.extend([json!(1), json!(2), json!(3)]);
        assert_eq!(buffer.flush(Duration::from_secs(1)).await, 2);
        assert_eq!(buffer.drain(), Drained::default());
    }
}
