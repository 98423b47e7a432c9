//! The item stored in the table, its validation and its DynamoDB representation.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

/// Longest accepted `id` / `name`, in characters.
const MAX_TEXT_LEN: usize = 256;

/// DynamoDB's limit on the size of one item (attribute names and values).
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

/// Largest size DynamoDB counts for a number attribute.
const MAX_NUMBER_BYTES: usize = 21;

/// One item of the table; `id` is the partition key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub quantity: u32,
}

impl Item {
    /// Parses and validates a request body.
    pub fn from_json(body: &str) -> Result<Self, String> {
        let item: Self =
            serde_json::from_str(body).map_err(|err| format!("invalid item: {err}"))?;
        item.validate()?;
        Ok(item)
    }

    fn validate(&self) -> Result<(), String> {
        validate_text("id", &self.id)?;
        validate_text("name", &self.name)?;
        Ok(())
    }

    /// The item's size as DynamoDB counts it against [`MAX_ITEM_BYTES`]: the
    /// UTF-8 length of every attribute name and string value, and at most
    /// 21 bytes per number. Checked before the write, so an oversized item is
    /// the client's error rather than a failed call.
    pub fn stored_size(&self) -> usize {
        let text = |name: &str, value: &str| name.len() + value.len();
        text("id", &self.id)
            + text("name", &self.name)
            + "quantity".len()
            + MAX_NUMBER_BYTES
            + self
                .description
                .as_deref()
                .map_or(0, |description| text("description", description))
    }

    pub fn into_attributes(self) -> HashMap<String, AttributeValue> {
        let mut attributes = HashMap::from([
            ("id".to_string(), AttributeValue::S(self.id)),
            ("name".to_string(), AttributeValue::S(self.name)),
            (
                "quantity".to_string(),
                AttributeValue::N(self.quantity.to_string()),
            ),
        ]);
        if let Some(description) = self.description {
            attributes.insert("description".to_string(), AttributeValue::S(description));
        }
        attributes
    }

    /// Reads an item back; an error means the stored item has an unexpected shape.
    pub fn from_attributes(attributes: &HashMap<String, AttributeValue>) -> Result<Self, String> {
        let text = |key: &str| match attributes.get(key) {
            Some(AttributeValue::S(value)) => Ok(value.clone()),
            _ => Err(format!("attribute `{key}` is missing or not a string")),
        };
        let quantity = match attributes.get("quantity") {
            Some(AttributeValue::N(value)) => value
                .parse()
                .map_err(|_| format!("attribute `quantity` is not a u32: {value}"))?,
            _ => return Err("attribute `quantity` is missing or not a number".to_string()),
        };
        Ok(Self {
            id: text("id")?,
            name: text("name")?,
            description: text("description").ok(),
            quantity,
        })
    }
}

/// Checks a path or body id the same way as [`Item::validate`].
pub fn validate_id(id: &str) -> Result<(), String> {
    validate_text("id", id)
}

fn validate_text(field: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err(format!("`{field}` must not be empty"));
    }
    if value.chars().count() > MAX_TEXT_LEN {
        return Err(format!(
            "`{field}` must be at most {MAX_TEXT_LEN} characters"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> Item {
        Item {
            id: "item-1".into(),
            name: "Ferris plush".into(),
            description: Some("A very crabby friend".into()),
            quantity: 3,
        }
    }

    #[test]
    fn parses_a_valid_item() {
        let parsed = Item::from_json(
            r#"{"id":"item-1","name":"Ferris plush","description":"A very crabby friend","quantity":3}"#,
        );
        assert_eq!(parsed, Ok(item()));
    }

    #[test]
    fn description_is_optional() {
        let parsed = Item::from_json(r#"{"id":"a","name":"b","quantity":0}"#).expect("valid item");
        assert_eq!(parsed.description, None);
    }

    #[test]
    fn rejects_bad_items() {
        for body in [
            "",
            "not json",
            "[]",
            r#"{"name":"no id","quantity":1}"#,
            r#"{"id":"","name":"empty id","quantity":1}"#,
            r#"{"id":"  ","name":"blank id","quantity":1}"#,
            r#"{"id":"a","name":"","quantity":1}"#,
            r#"{"id":"a","name":"b","quantity":-1}"#,
            r#"{"id":"a","name":"b","quantity":"3"}"#,
            r#"{"id":"a","name":"b","quantity":1,"unknown":true}"#,
            r#"{"id":7,"name":"b","quantity":1}"#,
        ] {
            assert!(Item::from_json(body).is_err(), "accepted {body:?}");
        }
        let long_id = format!(r#"{{"id":"{}","name":"b","quantity":1}}"#, "x".repeat(257));
        assert!(Item::from_json(&long_id).is_err());
    }

    #[test]
    fn round_trips_through_attributes() {
        let attributes = item().into_attributes();
        assert_eq!(
            attributes.get("quantity"),
            Some(&AttributeValue::N("3".into()))
        );
        assert_eq!(Item::from_attributes(&attributes), Ok(item()));

        let mut without_description = item();
        without_description.description = None;
        let attributes = without_description.clone().into_attributes();
        assert!(!attributes.contains_key("description"));
        assert_eq!(Item::from_attributes(&attributes), Ok(without_description));
    }

    #[test]
    fn stored_size_counts_every_attribute_name_and_value() {
        let attributes = item().into_attributes();
        let counted: usize = attributes
            .iter()
            .map(|(name, value)| {
                name.len()
                    + match value {
                        AttributeValue::S(text) => text.len(),
                        _ => MAX_NUMBER_BYTES,
                    }
            })
            .sum();
        assert_eq!(item().stored_size(), counted);

        let mut big = item();
        big.description = Some("é".repeat(MAX_ITEM_BYTES / 2));
        assert!(
            big.stored_size() > MAX_ITEM_BYTES,
            "counted in bytes, not characters"
        );
    }

    #[test]
    fn rejects_malformed_stored_items() {
        let mut attributes = item().into_attributes();
        attributes.insert("quantity".into(), AttributeValue::S("three".into()));
        assert!(Item::from_attributes(&attributes).is_err());
        attributes.remove("name");
        assert!(Item::from_attributes(&attributes).is_err());
    }
}
