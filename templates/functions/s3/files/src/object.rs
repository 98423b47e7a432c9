//! Reading one object of an S3 event. The handler only sees the
//! [`ObjectStore`] trait, so it is unit-tested with an in-memory store and no
//! AWS access.

use std::fmt;

use aws_lambda_events::event::s3::S3EventRecord;
use aws_sdk_s3::{
    Client,
    error::{DisplayErrorContext, ProvideErrorMetadata},
};
use lambda_runtime::tracing;
use serde::Serialize;

/// What the function reports for one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub bucket: String,
    pub key: String,
    /// The version the event names (a versioned bucket's events name one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The result for one object: counted, or why it was not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged, rename_all = "camelCase")]
pub enum Outcome {
    Read {
        bytes: u64,
        lines: u64,
        #[serde(rename = "contentType")]
        content_type: Option<String>,
    },
    Skipped {
        error: String,
    },
}

/// What a store found for one object.
#[derive(Debug, PartialEq, Eq)]
pub enum Fetched {
    /// The object, or the version of it the event names, does not exist
    /// (deleted since the event, or never written).
    NotFound,
    /// The object is larger than the limit; it was not read.
    TooLarge(u64),
    /// The object was read in full, chunk by chunk.
    Read(Counts, Option<String>),
}

/// A failure worth retrying (S3 unreachable, throttled, access denied). Its message is for the logs.
#[derive(Debug)]
pub struct StoreError(String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

pub trait ObjectStore {
    /// Reads `key` of `bucket` (its version `version`, else the current one) if it holds at most
    /// `max` bytes.
    async fn fetch(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
        max: u64,
    ) -> Result<Fetched, StoreError>;
}

/// Byte and line counts of a body, fed one chunk at a time.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub bytes: u64,
    pub lines: u64,
    last: Option<u8>,
}

impl Counts {
    pub fn feed(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        self.lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
        if let Some(&last) = chunk.last() {
            self.last = Some(last);
        }
    }

    /// Lines, counting a last line that has no newline.
    pub fn lines(&self) -> u64 {
        match self.last {
            Some(b'\n') | None => self.lines,
            Some(_) => self.lines + 1,
        }
    }
}

/// Summarizes the object of one record. Errors only for a failure worth retrying.
pub async fn summarize(
    store: &impl ObjectStore,
    record: &S3EventRecord,
    max: u64,
) -> Result<Summary, StoreError> {
    let bucket = record.s3.bucket.name.clone().unwrap_or_default();
    let key = decode_key(record.s3.object.key.as_deref().unwrap_or_default());
    // The version the event is about: reading it, not the current one, means a later overwrite
    // or delete of the key does not change what this event reports.
    let version_id = record
        .s3
        .object
        .version_id
        .clone()
        .filter(|version| !version.is_empty());
    let outcome = if bucket.is_empty() || key.is_empty() {
        Outcome::Skipped {
            error: "record names no bucket or key".to_string(),
        }
    } else {
        match store
            .fetch(&bucket, &key, version_id.as_deref(), max)
            .await?
        {
            Fetched::NotFound => Outcome::Skipped {
                error: "object not found".to_string(),
            },
            Fetched::TooLarge(bytes) => Outcome::Skipped {
                error: format!("object is {bytes} bytes, over the {max}-byte limit"),
            },
            Fetched::Read(counts, content_type) => Outcome::Read {
                bytes: counts.bytes,
                lines: counts.lines(),
                content_type,
            },
        }
    };
    match &outcome {
        Outcome::Read {
            bytes,
            lines,
            content_type,
        } => {
            tracing::info!(%bucket, %key, version = version_id.as_deref().unwrap_or("-"), bytes, lines, content_type = content_type.as_deref().unwrap_or("-"), "object read")
        }
        Outcome::Skipped { error } => {
            tracing::warn!(%bucket, %key, version = version_id.as_deref().unwrap_or("-"), %error, "object skipped")
        }
    }
    Ok(Summary {
        bucket,
        key,
        version_id,
        outcome,
    })
}

/// S3 event keys are URL-encoded (a space is `+`); a key that does not decode is kept as sent.
pub fn decode_key(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = raw
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => return raw.to_string(),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_string())
}

/// The S3 error codes that mean the object or its version is gone: a permanent outcome, not a
/// failure to retry. S3 answers them (404) only to a caller that may list the bucket; to any
/// other it answers 403 AccessDenied, which is why the function's role has `s3:ListBucket`.
const GONE: [&str; 2] = ["NoSuchKey", "NoSuchVersion"];

/// [`ObjectStore`] backed by S3 GetObject, read as a stream.
pub struct S3Objects {
    client: Client,
}

impl S3Objects {
    pub fn new(client: Client) -> Self {
        Self { client }
    }
}

impl ObjectStore for S3Objects {
    async fn fetch(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
        max: u64,
    ) -> Result<Fetched, StoreError> {
        let result = self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .set_version_id(version.map(str::to_string))
            .send()
            .await;
        let mut output = match result {
            Ok(output) => output,
            Err(err) => {
                if err
                    .as_service_error()
                    .and_then(|e| e.code())
                    .is_some_and(|code| GONE.contains(&code))
                {
                    return Ok(Fetched::NotFound);
                }
                return Err(StoreError(format!(
                    "GetObject failed: {}",
                    DisplayErrorContext(err)
                )));
            }
        };
        let length = output.content_length().map_or(0, |n| n.max(0) as u64);
        if length > max {
            return Ok(Fetched::TooLarge(length));
        }
        let mut counts = Counts::default();
        // A chunk at a time: the object is never in memory whole, and a body
        // longer than it said stops at the limit.
        while let Some(chunk) = output
            .body
            .try_next()
            .await
            .map_err(|err| StoreError(format!("reading the object failed: {err}")))?
        {
            counts.feed(&chunk);
            if counts.bytes > max {
                return Ok(Fetched::TooLarge(counts.bytes));
            }
        }
        Ok(Fetched::Read(
            counts,
            output.content_type().map(str::to_string),
        ))
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Objects in memory: (key, version) → (content type, body); the version `None` is the
    /// current one, which a fetch without a version reads.
    #[derive(Default)]
    pub struct MemoryStore(HashMap<(String, Option<String>), (String, Vec<u8>)>);

    impl MemoryStore {
        pub fn with(key: &str, content_type: &str, body: &[u8]) -> Self {
            Self::default().and(key, None, content_type, body)
        }

        /// Adds an object, or a version of one.
        pub fn and(
            mut self,
            key: &str,
            version: Option<&str>,
            content_type: &str,
            body: &[u8],
        ) -> Self {
            self.0.insert(
                (key.to_string(), version.map(str::to_string)),
                (content_type.to_string(), body.to_vec()),
            );
            self
        }
    }

    impl ObjectStore for MemoryStore {
        async fn fetch(
            &self,
            _bucket: &str,
            key: &str,
            version: Option<&str>,
            max: u64,
        ) -> Result<Fetched, StoreError> {
            let Some((content_type, body)) =
                self.0.get(&(key.to_string(), version.map(str::to_string)))
            else {
                return Ok(Fetched::NotFound);
            };
            if body.len() as u64 > max {
                return Ok(Fetched::TooLarge(body.len() as u64));
            }
            let mut counts = Counts::default();
            for chunk in body.chunks(3) {
                counts.feed(chunk);
            }
            Ok(Fetched::Read(counts, Some(content_type.clone())))
        }
    }

    #[test]
    fn counts_lines_across_chunks_and_a_last_line_without_newline() {
        let mut counts = Counts::default();
        counts.feed(b"a\nb");
        counts.feed(b"c\nd");
        assert_eq!((counts.bytes, counts.lines()), (6, 3));
        assert_eq!(Counts::default().lines(), 0);
    }

    #[test]
    fn decodes_event_keys() {
        assert_eq!(decode_key("uploads/my+file%21.txt"), "uploads/my file!.txt");
        assert_eq!(decode_key("uploads/caf%C3%A9"), "uploads/café");
        assert_eq!(decode_key("uploads/bad%zz"), "uploads/bad%zz");
        assert_eq!(decode_key("uploads/cut%4"), "uploads/cut%4");
        assert_eq!(decode_key("%FF"), "%FF");
    }

    #[tokio::test]
    async fn an_object_over_the_limit_is_not_read() {
        let store = MemoryStore::with("uploads/big", "text/plain", &[b'x'; 11]);
        let mut record = S3EventRecord::default();
        record.s3.bucket.name = Some("b".into());
        record.s3.object.key = Some("uploads/big".into());
        let summary = summarize(&store, &record, 10)
            .await
            .expect("no store error");
        assert!(
            matches!(summary.outcome, Outcome::Skipped { ref error } if error.contains("over the 10-byte limit"))
        );
    }

    fn record(key: &str, version: Option<&str>) -> S3EventRecord {
        let mut record = S3EventRecord::default();
        record.s3.bucket.name = Some("b".into());
        record.s3.object.key = Some(key.into());
        record.s3.object.version_id = version.map(str::to_string);
        record
    }

    #[tokio::test]
    async fn reads_the_version_the_event_names() {
        // the key was overwritten since: the event's version is still the one read
        let store = MemoryStore::with("uploads/a.txt", "text/plain", b"newer\ncontent\n").and(
            "uploads/a.txt",
            Some("v1"),
            "text/plain",
            b"first\n",
        );
        let summary = summarize(&store, &record("uploads/a.txt", Some("v1")), 100)
            .await
            .expect("no store error");
        assert_eq!(summary.version_id.as_deref(), Some("v1"));
        assert!(matches!(
            summary.outcome,
            Outcome::Read {
                bytes: 6,
                lines: 1,
                ..
            }
        ));
    }

    #[tokio::test]
    async fn a_deleted_version_is_reported_not_retried() {
        let store = MemoryStore::with("uploads/a.txt", "text/plain", b"current\n");
        let summary = summarize(&store, &record("uploads/a.txt", Some("gone")), 100)
            .await
            .expect("a missing version is no store error");
        assert!(
            matches!(summary.outcome, Outcome::Skipped { ref error } if error == "object not found")
        );
    }

    #[tokio::test]
    async fn an_event_without_a_version_reads_the_current_object() {
        let store = MemoryStore::with("uploads/a.txt", "text/plain", b"current\n");
        for version in [None, Some("")] {
            let summary = summarize(&store, &record("uploads/a.txt", version), 100)
                .await
                .expect("no store error");
            assert_eq!(summary.version_id, None);
            assert!(matches!(summary.outcome, Outcome::Read { bytes: 8, .. }));
            let json = serde_json::to_value(&summary).expect("serializable");
            assert!(json.get("versionId").is_none());
        }
    }

    #[tokio::test]
    async fn a_record_without_a_key_is_skipped() {
        let summary = summarize(&MemoryStore::default(), &S3EventRecord::default(), 10)
            .await
            .expect("no store error");
        assert!(matches!(summary.outcome, Outcome::Skipped { .. }));
    }
}
