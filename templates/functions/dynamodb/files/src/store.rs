//! Where items live. The routes only see the [`ItemStore`] trait, so they are
//! unit-tested with an in-memory store and no AWS access.

use std::fmt;

use aws_sdk_dynamodb::{
    Client,
    error::{DisplayErrorContext, ProvideErrorMetadata},
    types::AttributeValue,
};

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

/// Why [`ItemStore::insert`] did not store the item.
#[derive(Debug)]
pub enum InsertError {
    /// An item with the same `id` is already stored; it was left unchanged.
    AlreadyExists,
    /// The store refused the item for its size.
    TooLarge,
    /// The store failed; the message is for the logs only.
    Store(StoreError),
}

impl From<StoreError> for InsertError {
    fn from(err: StoreError) -> Self {
        Self::Store(err)
    }
}

pub trait ItemStore {
    /// Stores a new item. Never replaces an existing one: an item whose `id`
    /// is taken is [`InsertError::AlreadyExists`].
    async fn insert(&self, item: Item) -> Result<(), InsertError>;
    async fn get(&self, id: &str) -> Result<Option<Item>, StoreError>;
}

/// The table's partition key (String).
const PARTITION_KEY: &str = "id";

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
    async fn insert(&self, item: Item) -> Result<(), InsertError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table_name)
            .set_item(Some(item.into_attributes()))
            // Only when no item has this key: a second POST with the same id
            // must not overwrite the first.
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", PARTITION_KEY)
            .send()
            .await;
        let Err(err) = result else {
            return Ok(());
        };
        if let Some(service_err) = err.as_service_error() {
            if service_err.is_conditional_check_failed_exception() {
                return Err(InsertError::AlreadyExists);
            }
            // DynamoDB reports its 400 KB item limit as a ValidationException.
            if service_err.code() == Some("ValidationException")
                && service_err
                    .message()
                    .is_some_and(|message| message.contains("Item size has exceeded"))
            {
                return Err(InsertError::TooLarge);
            }
        }
        Err(StoreError::new(format!("PutItem failed: {}", DisplayErrorContext(err))).into())
    }

    async fn get(&self, id: &str) -> Result<Option<Item>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table_name)
            .key(PARTITION_KEY, AttributeValue::S(id.to_string()))
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
