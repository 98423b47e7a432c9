//! The message this topic carries and what the function does with it.

use std::fmt;

use aws_lambda_events::event::sns::SnsMessage;
use lambda_runtime::tracing;
use serde::Deserialize;

/// The JSON document published to the topic (each record's `Message`).
/// Unknown fields are ignored, so publishers can add fields before this
/// subscriber uses them.
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
    /// The message is not a JSON [`OrderMessage`].
    InvalidJson(serde_json::Error),
    /// The message is well-formed but breaks a business rule.
    Invalid(&'static str),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidJson(err) => write!(f, "message is not a valid order: {err}"),
            Self::Invalid(reason) => write!(f, "order rejected: {reason}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Parses a record's message into a typed order.
pub fn parse(message: &SnsMessage) -> Result<OrderMessage, RecordError> {
    let order: OrderMessage =
        serde_json::from_str(&message.message).map_err(RecordError::InvalidJson)?;
    if order.order_id.trim().is_empty() {
        return Err(RecordError::Invalid("orderId must not be empty"));
    }
    if order.quantity == 0 {
        return Err(RecordError::Invalid("quantity must be at least 1"));
    }
    Ok(order)
}

/// Parses and processes one message. Replace the body of this function with
/// the real work (write to a database, call an API, …); return an error to
/// have Lambda retry the invocation.
pub async fn process_message(message: &SnsMessage) -> Result<(), RecordError> {
    let order = parse(message)?;
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

    fn message(body: &str) -> SnsMessage {
        let mut message = SnsMessage::default();
        message.message_id = "id-1".to_string();
        message.message = body.to_string();
        message
    }

    #[test]
    fn parses_a_valid_order() {
        let order = parse(&message(
            r#"{"orderId":"o-1","sku":"RUST-BOOK","quantity":2}"#,
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
        // events/message.json is what the README publishes with `aws sns publish`.
        let order = parse(&message(include_str!("../events/message.json")))
            .expect("events/message.json must be accepted");
        assert!(order.quantity > 0);
    }

    #[test]
    fn rejects_invalid_json() {
        let err = parse(&message("not json")).expect_err("invalid");
        assert!(matches!(err, RecordError::InvalidJson(_)));
    }

    #[test]
    fn rejects_missing_fields_and_ignores_unknown_ones() {
        assert!(parse(&message(r#"{"orderId":"o-1"}"#)).is_err());
        assert!(
            parse(&message(
                r#"{"orderId":"o-1","sku":"X","quantity":1,"extra":true}"#
            ))
            .is_ok()
        );
    }

    #[test]
    fn rejects_an_empty_order_id_and_zero_quantity() {
        let empty = parse(&message(r#"{"orderId":" ","sku":"X","quantity":1}"#));
        assert!(matches!(empty, Err(RecordError::Invalid(_))));
        let zero = parse(&message(r#"{"orderId":"o-1","sku":"X","quantity":0}"#));
        assert!(matches!(zero, Err(RecordError::Invalid(_))));
    }
}
