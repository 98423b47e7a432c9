//! Where items live. The routes only see the [`ItemStore`] trait, so they are
//! unit-tested with an in-memory store and no AWS access.

use std::fmt;

use aws_sdk_dynamodb::{Client, error::DisplayErrorContext, types::AttributeValue};

use crate::item::Item;

/// A storage failure. Its message is for the logs, never for the client.
#[derive(Debug)]
pub struct StoreError(String);

impl StoreError {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

pub trait ItemStore {
    async fn put(&self, item: Item) -> Result<(), StoreError>;
    async fn get(&self, id: &str) -> Result<Option<Item>, StoreError>;
}

/// [`ItemStore`] backed by a DynamoDB table keyed by `id` (String).
pub struct DynamoStore {
    client: Client,
    table_name: String,
}

impl DynamoStore {
    pub fn new(client: Client, table_name: String) -> Self {
        Self { client, table_name }
    }
}

impl ItemStore for DynamoStore {
    async fn put(&self, item: Item) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table_name)
            .set_item(Some(item.into_attributes()))
            .send()
            .await
            .map_err(|err| {
                StoreError::new(format!("PutItem failed: {}", DisplayErrorContext(err)))
            })?;
        Ok(())
    }

    async fn get(&self, id: &str) -> Result<Option<Item>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table_name)
            .key("id", AttributeValue::S(id.to_string()))
            // Read-after-write: a GET right after a POST sees the new item.
            .consistent_read(true)
            .send()
            .await
            .map_err(|err| {
                StoreError::new(format!("GetItem failed: {}", DisplayErrorContext(err)))
            })?;

        output
            .item()
            .map(|attributes| {
                Item::from_attributes(attributes).map_err(|reason| {
                    StoreError::new(format!("stored item `{id}` is malformed: {reason}"))
                })
            })
            .transpose()
    }
}
