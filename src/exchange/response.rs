//! What came back from sending a request: the answer, or why there was none.

use std::time::Duration;

/// What came back from one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The status code.
    pub status: u16,
    /// In the order received; names as sent on the wire (lowercase with HTTP/2).
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
    /// From sending the request to the end of the body.
    pub duration: Duration,
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("connection refused: nothing is listening at {0}")]
    /// Nothing listens at the address.
    Refused(String),
    #[error("the connection was reset or closed before an answer came back")]
    /// The peer closed or reset the connection before answering.
    Reset,
    #[error("no answer within {0:?}")]
    /// No (complete) answer in time.
    Timeout(Duration),
    #[error("the answer is not valid HTTP: {0}")]
    /// Something answered, not in HTTP.
    NotHttp(String),
    #[error("the request is not valid: {0}")]
    /// The request cannot be sent as written.
    Invalid(String),
    #[error("{0}")]
    /// Anything else, with reqwest's words.
    Other(String),
}
