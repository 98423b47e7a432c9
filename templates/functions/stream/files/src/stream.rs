//! The streamed answer. The lines are a pure function of the count, and the
//! handler writes them to the response body one by one, so both are tested
//! without a Lambda runtime.

use std::time::{Duration, SystemTime};

use lambda_http::{
    Error, Request, RequestExt, Response,
    http::{HeaderValue, StatusCode, header::CONTENT_TYPE},
    lambda_runtime::streaming::{Body, channel},
    tracing,
};
use serde_json::json;

/// Lines streamed when the request names no `count`.
pub const DEFAULT_COUNT: u32 = 5;
/// The most lines a request may ask for (at 250 ms each, about 5 s; a stream
/// that would outlast the invocation's deadline stops early, see [`STOPPED`]).
pub const MAX_COUNT: u32 = 20;
/// The pause between two lines, so the stream is visibly incremental.
const PAUSE: Duration = Duration::from_millis(250);
/// Time kept back before the invocation's deadline, so the last line and the
/// end of the stream reach the caller before Lambda stops the function.
const MARGIN: Duration = Duration::from_millis(500);
/// The last line of a stream that the function's timeout cut short.
pub const STOPPED: &str = "stopped early: the function's timeout is near\n";

/// Entry point called by the Lambda runtime for every request.
///
/// Never returns `Err`: bad input is a 400 response. The body is written by a
/// task of its own; the runtime streams each line to the caller as it comes.
pub async fn handle(request: Request) -> Result<Response<Body>, Error> {
    let count = match count(&request) {
        Ok(count) => count,
        Err(message) => return Ok(bad_request(&message)),
    };
    tracing::debug!(count, "streaming");
    let deadline = request
        .lambda_context_ref()
        .and_then(|context| invocation_deadline(context.deadline()));

    let (mut sender, body) = channel();
    tokio::spawn(async move {
        for (i, line) in lines(count).enumerate() {
            if i > 0 {
                if !time_left(deadline, PAUSE + MARGIN) {
                    tracing::warn!(
                        sent = i,
                        count,
                        "stopped early: the function's timeout is near"
                    );
                    let _ = sender.send_data(STOPPED.into()).await;
                    return;
                }
                tokio::time::sleep(PAUSE).await;
            }
            if let Err(err) = sender.send_data(line.into()).await {
                // the caller went away: nobody reads the rest
                tracing::debug!(%err, "stream closed early");
                return;
            }
        }
    });

    let mut response = Response::new(body);
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    Ok(response)
}

/// The invocation's deadline, if it is one: a point in time still ahead when
/// the invocation starts. Without a Lambda runtime (the tests) there is none,
/// and `cargo lambda watch` sends its timeout (600,000 ms) where Lambda sends
/// a time, which reads as 1970: both mean no deadline to keep.
fn invocation_deadline(deadline: SystemTime) -> Option<SystemTime> {
    (deadline > SystemTime::now()).then_some(deadline)
}

/// Whether `needed` still fits before `deadline` (always, without one).
fn time_left(deadline: Option<SystemTime>, needed: Duration) -> bool {
    deadline.is_none_or(|deadline| {
        deadline
            .duration_since(SystemTime::now())
            .is_ok_and(|left| left >= needed)
    })
}

/// The lines of a stream of `count` chunks, each ending in a newline.
pub fn lines(count: u32) -> impl Iterator<Item = String> {
    (1..=count).map(move |i| format!("chunk {i} of {count}\n"))
}

/// `?count=N`: 1 to [`MAX_COUNT`], [`DEFAULT_COUNT`] when absent.
fn count(request: &Request) -> Result<u32, String> {
    let params = request.query_string_parameters_ref();
    let Some(raw) = params.and_then(|params| params.first("count")) else {
        return Ok(DEFAULT_COUNT);
    };
    match raw.trim().parse::<u32>() {
        Ok(count) if (1..=MAX_COUNT).contains(&count) => Ok(count),
        _ => Err(format!(
            "count must be a whole number from 1 to {MAX_COUNT}"
        )),
    }
}

fn bad_request(message: &str) -> Response<Body> {
    let mut response = Response::new(Body::from(json!({ "error": message }).to_string()));
    *response.status_mut() = StatusCode::BAD_REQUEST;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    /// Builds a request from a function URL event, exactly as the runtime does.
    fn event(json: &str) -> Request {
        lambda_http::request::from_str(json).expect("sample event must deserialize")
    }

    async fn call(request: Request) -> Response<Body> {
        handle(request).await.expect("handler never fails")
    }

    async fn body_text(response: Response<Body>) -> String {
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("the stream ends cleanly")
            .to_bytes();
        String::from_utf8(bytes.to_vec()).expect("the body is UTF-8")
    }

    #[test]
    fn lines_count_up_to_the_total() {
        let all: Vec<String> = lines(3).collect();
        assert_eq!(all, ["chunk 1 of 3\n", "chunk 2 of 3\n", "chunk 3 of 3\n"]);
    }

    #[tokio::test]
    async fn streams_the_default_number_of_lines() {
        let response = call(event(include_str!("../events/stream.json"))).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers().get(CONTENT_TYPE),
            Some(&HeaderValue::from_static("text/plain; charset=utf-8"))
        );
        assert_eq!(
            body_text(response).await,
            lines(DEFAULT_COUNT).collect::<String>()
        );
    }

    #[tokio::test]
    async fn each_line_is_a_chunk_of_its_own() {
        let json = include_str!("../events/stream.json").replace(
            "\"rawQueryString\": \"\"",
            "\"rawQueryString\": \"count=2\"",
        );
        let mut body = call(event(&json)).await.into_body();
        let first = body.next().await.expect("a first chunk").expect("no error");
        assert_eq!(first.as_ref(), b"chunk 1 of 2\n");
        let second = body
            .next()
            .await
            .expect("a second chunk")
            .expect("no error");
        assert_eq!(second.as_ref(), b"chunk 2 of 2\n");
        assert!(
            body.next().await.is_none(),
            "the stream ends after the last line"
        );
    }

    #[tokio::test]
    async fn a_stream_the_timeout_would_cut_stops_early_and_says_so() {
        let json = include_str!("../events/stream.json").replace(
            "\"rawQueryString\": \"\"",
            "\"rawQueryString\": \"count=20\"",
        );
        // 1 s left: the first line, one more after a pause, then the margin
        let mut context = lambda_http::lambda_runtime::Context::default();
        let deadline = SystemTime::now() + Duration::from_millis(1_000);
        context.deadline = deadline
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("after the epoch")
            .as_millis() as u64;
        let text = body_text(call(event(&json).with_lambda_context(context)).await).await;
        assert!(text.ends_with(STOPPED), "{text}");
        assert!(text.starts_with("chunk 1 of 20\n"), "{text}");
        assert!(text.lines().count() < 20, "{text}");
        assert!(
            SystemTime::now() < deadline,
            "the stream ended before the deadline"
        );
    }

    #[tokio::test]
    async fn a_deadline_in_the_past_is_none_so_the_stream_is_whole() {
        // what `cargo lambda watch` sends: its timeout, not a point in time
        let mut context = lambda_http::lambda_runtime::Context::default();
        context.deadline = 600_000;
        let text = body_text(
            call(event(include_str!("../events/stream.json")).with_lambda_context(context)).await,
        )
        .await;
        assert_eq!(text, lines(DEFAULT_COUNT).collect::<String>());
    }

    #[test]
    fn time_is_left_without_a_deadline_and_before_it_only() {
        let second = Duration::from_secs(1);
        assert!(time_left(None, second));
        assert!(time_left(Some(SystemTime::now() + 2 * second), second));
        assert!(!time_left(Some(SystemTime::now() + second / 2), second));
        assert!(!time_left(Some(SystemTime::now() - second), second));
    }

    #[tokio::test]
    async fn bad_count_is_a_json_400() {
        let response = call(event(include_str!("../events/bad-count.json"))).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            response.headers().get(CONTENT_TYPE),
            Some(&HeaderValue::from_static("application/json"))
        );
        let body: serde_json::Value =
            serde_json::from_str(&body_text(response).await).expect("a JSON error");
        assert_eq!(
            body,
            json!({ "error": "count must be a whole number from 1 to 20" })
        );
    }

    #[tokio::test]
    async fn count_out_of_range_is_refused() {
        for query in ["count=0", "count=21", "count=-1", "count=9999999999999"] {
            let json = include_str!("../events/stream.json").replace(
                "\"rawQueryString\": \"\"",
                &format!("\"rawQueryString\": \"{query}\""),
            );
            let response = call(event(&json)).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        }
    }
}
