//! The message this queue carries and what the function does with it.

use std::fmt;

use aws_lambda_events::event::sqs::SqsMessage;
use lambda_runtime::tracing;
use serde::Deserialize;

/// The JSON document in each SQS message body. Unknown fields are ignored,
/// so producers can add fields before this consumer uses them.
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
    /// The record has no body.
    MissingBody,
    /// The body is not a JSON [`OrderMessage`].
    InvalidJson(serde_json::Error),
    /// The message is well-formed but breaks a business rule.
    Invalid(&'static str),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingBody => f.write_str("message has no body"),
            Self::InvalidJson(err) => write!(f, "message body is not a valid order: {err}"),
            Self::Invalid(reason) => write!(f, "order rejected: {reason}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Parses a record's body into a typed message.
pub fn parse(record: &SqsMessage) -> Result<OrderMessage, RecordError> {
    let body = record.body.as_deref().ok_or(RecordError::MissingBody)?;
    let message: OrderMessage = serde_json::from_str(body).map_err(RecordError::InvalidJson)?;
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
/// have SQS deliver the message again.
pub async fn process_record(record: &SqsMessage) -> Result<(), RecordError> {
    let order = parse(record)?;
    tracing::debug!(
        order_id = %order.order_id,
        sku = %order.sku,
        quantity = order.quantity,
        "order processed"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: Option<&str>) -> SqsMessage {
        let mut record = SqsMessage::default();
        record.message_id = Some("id-1".to_string());
        record.body = body.map(str::to_string);
        record
    }

    #[test]
    fn parses_a_valid_order() {
        let order = parse(&record(Some(
            r#"{"orderId":"o-1","sku":"RUST-BOOK","quantity":2}"#,
        )))
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
        // events/message.json is what the README sends with `aws sqs send-message`.
        let order = parse(&record(Some(include_str!("../events/message.json"))))
            .expect("events/message.json must be accepted");
        assert!(order.quantity > 0);
    }

    #[test]
    fn rejects_invalid_json() {
        let err = parse(&record(Some("not json"))).expect_err("invalid");
        assert!(matches!(err, RecordError::InvalidJson(_)));
    }

    #[test]
    fn rejects_missing_fields_and_ignores_unknown_ones() {
        assert!(parse(&record(Some(r#"{"orderId":"o-1"}"#))).is_err());
        assert!(
            parse(&record(Some(
                r#"{"orderId":"o-1","sku":"X","quantity":1,"extra":true}"#
            )))
            .is_ok()
        );
    }

    #[test]
    fn rejects_a_missing_body() {
        assert!(matches!(
            parse(&record(None)),
            Err(RecordError::MissingBody)
        ));
    }

    #[test]
    fn rejects_zero_quantity() {
        let err = parse(&record(Some(r#"{"orderId":"o-1","sku":"X","quantity":0}"#)))
            .expect_err("zero quantity");
        assert!(matches!(err, RecordError::Invalid(_)));
    }
}
