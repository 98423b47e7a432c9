//! The records this stream carries and what the function does with them.

use std::fmt;

use aws_lambda_events::event::kinesis::KinesisEventRecord;
use lambda_runtime::tracing;
use serde::Deserialize;

/// The JSON document in each record's data. Unknown fields are ignored, so
/// producers can add fields before this consumer uses them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderMessage {
    pub order_id: String,
    pub sku: String,
    pub quantity: u32,
}

/// Why a record could not be processed.
#[derive(Debug)]
pub enum RecordError {
    /// The data is not a JSON [`OrderMessage`] (or not JSON at all).
    InvalidJson(serde_json::Error),
    /// The message is well-formed but breaks a business rule.
    Invalid(&'static str),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidJson(err) => write!(f, "record data is not a valid order: {err}"),
            Self::Invalid(reason) => write!(f, "order rejected: {reason}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Parses a record's data (already decoded from base64) into a typed message.
pub fn parse(record: &KinesisEventRecord) -> Result<OrderMessage, RecordError> {
    let message: OrderMessage =
        serde_json::from_slice(&record.kinesis.data.0).map_err(RecordError::InvalidJson)?;
    if message.order_id.trim().is_empty() {
        return Err(RecordError::Invalid("orderId must not be empty"));
    }
    if message.quantity == 0 {
        return Err(RecordError::Invalid("quantity must be at least 1"));
    }
    Ok(message)
}

/// Parses and processes one record. Replace the body of this function with
/// the real work (write to a database, call an API, …); return an error to
/// have Lambda deliver the record again.
pub async fn process_record(record: &KinesisEventRecord) -> Result<(), RecordError> {
    let order = parse(record)?;
    tracing::info!(
        order_id = %order.order_id,
        sku = %order.sku,
        quantity = order.quantity,
        partition_key = %record.kinesis.partition_key,
        "order processed"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lambda_events::event::kinesis::KinesisEvent;

    fn record(data: &[u8]) -> KinesisEventRecord {
        let mut record = KinesisEventRecord::default();
        record.kinesis.partition_key = "order-1".to_string();
        record.kinesis.sequence_number = "1".to_string();
        record.kinesis.data.0 = data.to_vec();
        record
    }

    #[test]
    fn parses_a_valid_order() {
        let order = parse(&record(
            br#"{"orderId":"o-1","sku":"RUST-BOOK","quantity":2}"#,
        ))
        .expect("valid order");
        assert_eq!(
            order,
            OrderMessage {
                order_id: "o-1".into(),
                sku: "RUST-BOOK".into(),
                quantity: 2,
            }
        );
    }

    #[test]
    fn the_sample_message_is_a_valid_order() {
        // events/message.json is what the README sends with `aws kinesis put-record`.
        let order = parse(&record(include_bytes!("../events/message.json")))
            .expect("events/message.json must be accepted");
        assert!(order.quantity > 0);
    }

    #[test]
    fn the_sample_batches_decode_from_base64() {
        let good: KinesisEvent = serde_json::from_str(include_str!("../events/batch.json"))
            .expect("sample event must deserialize");
        assert!(good.records.iter().all(|r| parse(r).is_ok()));

        let bad: KinesisEvent =
            serde_json::from_str(include_str!("../events/batch-with-bad-record.json"))
                .expect("sample event must deserialize");
        let results: Vec<bool> = bad.records.iter().map(|r| parse(r).is_ok()).collect();
        assert_eq!(results, vec![true, false, true]);
    }

    #[test]
    fn rejects_invalid_json_and_non_utf8_data() {
        assert!(matches!(
            parse(&record(b"not json")),
            Err(RecordError::InvalidJson(_))
        ));
        assert!(matches!(
            parse(&record(&[0xff, 0xfe, 0x00])),
            Err(RecordError::InvalidJson(_))
        ));
    }

    #[test]
    fn rejects_missing_fields_and_ignores_unknown_ones() {
        assert!(parse(&record(br#"{"orderId":"o-1"}"#)).is_err());
        assert!(
            parse(&record(
                br#"{"orderId":"o-1","sku":"X","quantity":1,"extra":true}"#
            ))
            .is_ok()
        );
    }

    #[test]
    fn rejects_zero_quantity() {
        let err = parse(&record(br#"{"orderId":"o-1","sku":"X","quantity":0}"#))
            .expect_err("zero quantity");
        assert!(matches!(err, RecordError::Invalid(_)));
    }
}
