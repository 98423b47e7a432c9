//! The items of the table, the changes its stream carries, and what the
//! function does with them.

use std::fmt;

use aws_lambda_events::event::dynamodb::EventRecord;
use lambda_runtime::tracing;
use serde::Deserialize;

/// An item of the table (its partition key is `orderId`), read from a
/// stream image. Unknown attributes are ignored, so writers can add
/// attributes before this consumer uses them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub order_id: String,
    pub sku: String,
    pub quantity: u32,
}

/// The key of an item: the record's `Keys`, present for every change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderKey {
    pub order_id: String,
}

/// One change of the table, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new item: its image after the write.
    Inserted(Order),
    /// An item written again: its images before and after the write.
    Modified { before: Order, after: Order },
    /// An item deleted (by a request or by TTL): its key.
    Removed(OrderKey),
}

/// Why a record could not be processed.
#[derive(Debug)]
pub enum RecordError {
    /// An image or the key is not an [`Order`] (a missing attribute, a wrong type).
    InvalidImage(&'static str, serde_dynamo::Error),
    /// An event name DynamoDB Streams does not send.
    UnknownEventName(String),
    /// The item is well-formed but breaks a business rule.
    Invalid(&'static str),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidImage(which, err) => write!(f, "{which} is not a valid order: {err}"),
            Self::UnknownEventName(name) => write!(f, "unknown event name {name:?}"),
            Self::Invalid(reason) => write!(f, "order rejected: {reason}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Reads an image (NewImage, OldImage) into an [`Order`] and checks it.
fn order(image: &serde_dynamo::Item, which: &'static str) -> Result<Order, RecordError> {
    let order: Order = serde_dynamo::from_item(image.clone())
        .map_err(|err| RecordError::InvalidImage(which, err))?;
    if order.order_id.trim().is_empty() {
        return Err(RecordError::Invalid("orderId must not be empty"));
    }
    if order.quantity == 0 {
        return Err(RecordError::Invalid("quantity must be at least 1"));
    }
    Ok(order)
}

/// Turns a stream record into a typed change. The stream's view type is
/// NEW_AND_OLD_IMAGES, so a MODIFY has both images.
pub fn parse(record: &EventRecord) -> Result<Change, RecordError> {
    let images = &record.change;
    match record.event_name.as_str() {
        "INSERT" => Ok(Change::Inserted(order(&images.new_image, "NewImage")?)),
        "MODIFY" => Ok(Change::Modified {
            before: order(&images.old_image, "OldImage")?,
            after: order(&images.new_image, "NewImage")?,
        }),
        "REMOVE" => serde_dynamo::from_item(images.keys.clone())
            .map(Change::Removed)
            .map_err(|err| RecordError::InvalidImage("Keys", err)),
        other => Err(RecordError::UnknownEventName(other.to_string())),
    }
}

/// Parses and processes one record. Replace the body of this function with
/// the real work (update a read model, send a notification, …); return an
/// error to have Lambda deliver the record again.
pub async fn process_record(record: &EventRecord) -> Result<(), RecordError> {
    match parse(record)? {
        Change::Inserted(order) => tracing::info!(
            order_id = %order.order_id,
            sku = %order.sku,
            quantity = order.quantity,
            "order inserted"
        ),
        Change::Modified { before, after } => tracing::info!(
            order_id = %after.order_id,
            quantity_before = before.quantity,
            quantity_after = after.quantity,
            "order modified"
        ),
        Change::Removed(key) => tracing::info!(order_id = %key.order_id, "order removed"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lambda_events::event::dynamodb::Event;

    fn records(json: &str) -> Vec<EventRecord> {
        serde_json::from_str::<Event>(json)
            .expect("sample event must deserialize")
            .records
    }

    fn one(json: &str) -> EventRecord {
        records(json).remove(0)
    }

    #[test]
    fn an_insert_is_the_new_item() {
        let change = parse(&one(include_str!("../events/insert.json"))).expect("valid insert");
        assert_eq!(
            change,
            Change::Inserted(Order {
                order_id: "order-1001".into(),
                sku: "RUST-BOOK".into(),
                quantity: 1,
            })
        );
    }

    #[test]
    fn a_modify_has_both_images() {
        let change = parse(&one(include_str!("../events/modify.json"))).expect("valid modify");
        let Change::Modified { before, after } = change else {
            panic!("expected a modify, got {change:?}");
        };
        assert_eq!(before.order_id, after.order_id);
        assert_eq!((before.quantity, after.quantity), (1, 2));
    }

    #[test]
    fn a_remove_is_the_key() {
        let change = parse(&one(include_str!("../events/remove.json"))).expect("valid remove");
        assert_eq!(
            change,
            Change::Removed(OrderKey {
                order_id: "order-1001".into()
            })
        );
    }

    #[test]
    fn the_bad_sample_record_is_rejected() {
        let batch = records(include_str!("../events/batch.json"));
        let results: Vec<bool> = batch.iter().map(|r| parse(r).is_ok()).collect();
        assert_eq!(results, vec![true, false, true]);
        assert!(matches!(
            parse(&batch[1]),
            Err(RecordError::InvalidImage("NewImage", _))
        ));
    }

    #[test]
    fn rejects_an_unknown_event_name_and_a_zero_quantity() {
        let mut record = one(include_str!("../events/insert.json"));
        record.event_name = "UPSERT".into();
        assert!(matches!(
            parse(&record),
            Err(RecordError::UnknownEventName(_))
        ));

        let mut record = one(include_str!("../events/insert.json"));
        record.change.new_image.insert(
            "quantity".into(),
            serde_dynamo::AttributeValue::N("0".into()),
        );
        assert!(matches!(parse(&record), Err(RecordError::Invalid(_))));
    }

    #[test]
    fn an_insert_without_an_image_is_rejected_not_a_panic() {
        let mut record = one(include_str!("../events/insert.json"));
        record.change.new_image = serde_dynamo::Item::from(std::collections::HashMap::<
            String,
            serde_dynamo::AttributeValue,
        >::new());
        assert!(matches!(
            parse(&record),
            Err(RecordError::InvalidImage("NewImage", _))
        ));
    }
}
