//! The stdio transport in front of tower-lsp-server: every frame the client sends is read and
//! checked here first, so that one the library cannot decode is answered with a JSON-RPC
//! error and dropped instead of ending the session.
//!
//! Why: tower-lsp-server 0.23 reads stdin through tokio-util's `FramedRead`, which ends the
//! stream after the first decoding error; its read loop then stops and the server exits. One
//! frame of invalid JSON, a JSON value that is neither a request nor a response, a
//! `Content-Type` without `charset=utf-8`, or a third header line was enough to end the
//! session. Here a frame reaches the library only if the library's own types decode it, and
//! always with a single `Content-Length` header.
//!
//! The answers to bad frames must reach stdout between the library's frames, never inside
//! one, so the library writes into a pipe whose frames are copied to stdout by one writer
//! that also sends those answers.

use std::io;

use serde_json::Value;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
    DuplexStream,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};

/// Bytes buffered between the transport and the library, each way.
const PIPE_BYTES: usize = 64 * 1024;
/// A header line longer than this is garbage.
const MAX_HEADER_LINE: u64 = 8 * 1024;
/// Frames waiting for stdout.
const OUTGOING_FRAMES: usize = 64;

/// The tasks between the client and the library.
pub struct Transport {
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Transport {
    /// Stops reading stdin and waits until everything the library wrote is on stdout (call
    /// after the library has dropped its ends).
    pub async fn finish(self) {
        // The reader holds a sender of the writer's queue: the writer ends once it is gone.
        self.reader.abort();
        let _ = self.reader.await;
        let _ = self.writer.await;
    }
}

/// Starts the transport between the client (`input`, `output`) and the library; returns
/// what the library reads (checked frames from `input`) and writes (frames copied to
/// `output`).
pub fn start<R, W>(input: R, output: W) -> (DuplexStream, DuplexStream, Transport)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (library_input, to_library) = tokio::io::duplex(PIPE_BYTES);
    let (library_output, from_library) = tokio::io::duplex(PIPE_BYTES);
    let (frames, outgoing) = mpsc::channel(OUTGOING_FRAMES);
    let reader = tokio::spawn(check_input(
        BufReader::with_capacity(PIPE_BYTES, input),
        to_library,
        frames.clone(),
    ));
    tokio::spawn(copy_frames(BufReader::new(from_library), frames));
    let writer = tokio::spawn(write_frames(outgoing, output));
    (library_input, library_output, Transport { reader, writer })
}

/// Client → library: good frames are passed on, bad ones answered here.
async fn check_input<R, W>(mut input: R, mut library: W, answers: mpsc::Sender<Vec<u8>>)
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    loop {
        let frame = match read_frame(&mut input).await {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(err) => {
                tracing::error!("cannot read from the client: {err}");
                break;
            }
        };
        let answer = match frame {
            Frame::Message(body) => match check(&body) {
                Ok(method) => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    let written = async {
                        library.write_all(header.as_bytes()).await?;
                        library.write_all(&body).await?;
                        library.flush().await
                    };
                    if written.await.is_err() || method.as_deref() == Some("exit") {
                        // No read of stdin may be left pending after `exit`: the runtime
                        // waits for it (on a blocking thread) before the process can end,
                        // and an editor may keep the pipe open.
                        break;
                    }
                    continue;
                }
                Err(answer) => answer,
            },
            Frame::Broken(problem) => {
                tracing::error!("dropped a malformed frame from the client: {problem}");
                Response::from_error(Id::Null, Error::parse_error())
            }
        };
        let answer = serde_json::to_vec(&answer).expect("a response serializes");
        if answers.send(answer).await.is_err() {
            break;
        }
    }
    // Dropping `library` tells the library the client is gone.
}

/// Whether the library can decode `body` (as its `Message`: a request or a response): the
/// method of a request (`None` for a response); if not, the error to answer with.
fn check(body: &[u8]) -> Result<Option<String>, Response> {
    let Ok(text) = std::str::from_utf8(body) else {
        tracing::error!("dropped a frame from the client: its body is not UTF-8");
        return Err(Response::from_error(Id::Null, Error::parse_error()));
    };
    // In the order of the library's `Message` (untagged: a response, else a request).
    if serde_json::from_str::<Response>(text).is_ok() {
        return Ok(None);
    }
    if let Ok(request) = serde_json::from_str::<Request>(text) {
        return Ok(Some(request.method().to_owned()));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            tracing::error!("dropped a frame from the client: not a JSON-RPC message: {text:.200}");
            let id = value
                .get("id")
                .and_then(|id| serde_json::from_value(id.clone()).ok())
                .unwrap_or(Id::Null);
            Err(Response::from_error(id, Error::invalid_request()))
        }
        Err(err) => {
            tracing::error!("dropped a frame from the client: invalid JSON ({err}): {text:.200}");
            Err(Response::from_error(Id::Null, Error::parse_error()))
        }
    }
}

/// Library → stdout: the library's frames, whole, into the writer's queue.
async fn copy_frames<R: AsyncBufRead + Unpin>(mut library: R, frames: mpsc::Sender<Vec<u8>>) {
    while let Ok(Some(frame)) = read_frame(&mut library).await {
        match frame {
            Frame::Message(body) => {
                if frames.send(body).await.is_err() {
                    break;
                }
            }
            Frame::Broken(problem) => tracing::error!("the server wrote a bad frame: {problem}"),
        }
    }
}

/// The one writer of stdout.
async fn write_frames<W: AsyncWrite + Unpin>(mut frames: mpsc::Receiver<Vec<u8>>, mut output: W) {
    while let Some(body) = frames.recv().await {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        let written = async {
            output.write_all(header.as_bytes()).await?;
            output.write_all(&body).await?;
            if frames.is_empty() {
                output.flush().await?;
            }
            io::Result::Ok(())
        };
        if let Err(err) = written.await {
            tracing::error!("cannot write to the client: {err}");
            break;
        }
    }
    let _ = output.flush().await;
}

#[derive(Debug, PartialEq, Eq)]
enum Frame {
    /// A body, exactly `Content-Length` bytes.
    Message(Vec<u8>),
    /// Headers that give no usable length; the next frame is looked for after them.
    Broken(String),
}

/// Reads one frame: header lines up to an empty line, then the body. Other headers than
/// `Content-Length` are ignored (`Content-Type` can only be UTF-8 JSON-RPC). Garbage before a
/// `Content-Length` header on the same line is skipped, so reading picks up again at the next
/// frame after a frame whose length was wrong. `None` at the end of the input.
async fn read_frame<R: AsyncBufRead + Unpin>(input: &mut R) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut problem = None;
    let mut headers = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = (&mut *input)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .await?;
        if read == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") && read as u64 == MAX_HEADER_LINE {
            problem = Some(format!("a header line longer than {MAX_HEADER_LINE} bytes"));
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers == 0 {
                continue; // Blank lines between frames.
            }
            break;
        }
        headers += 1;
        let header = text.find("Content-Length").map_or(text, |at| &text[at..]);
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| format!("bad Content-Length {:?}", value.trim())),
                );
            }
            Some(_) => {}
            None => problem = Some(format!("not a header: {text:.100}")),
        }
    }
    match length {
        Some(Ok(length)) => {
            // Not allocated up front: the length is the client's word.
            let mut body = Vec::new();
            (&mut *input)
                .take(length as u64)
                .read_to_end(&mut body)
                .await?;
            if body.len() < length {
                return Ok(None); // The input ended inside the body.
            }
            Ok(Some(Frame::Message(body)))
        }
        Some(Err(bad)) => Ok(Some(Frame::Broken(bad))),
        None => Ok(Some(Frame::Broken(
            problem.unwrap_or_else(|| "no Content-Length header".into()),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = BufReader::new(input);
        let mut frames = Vec::new();
        while let Some(frame) = read_frame(&mut reader).await.unwrap() {
            frames.push(frame);
        }
        frames
    }

    fn message(body: &str) -> Frame {
        Frame::Message(body.as_bytes().to_vec())
    }

    #[tokio::test]
    async fn frames_are_read_and_bad_headers_skipped() {
        let input = b"Content-Length: 2\r\n\r\n{}\
            Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc\r\nX: y\r\n\r\n[]\
            \r\nContent-Length: x\r\n\r\n\
            garbage\r\n\r\n\
            {\"truncated\"Content-Length: 4\r\n\r\nnull\
            Content-Length: 10\r\n\r\nshort";
        assert_eq!(
            frames(input).await,
            [
                message("{}"),
                message("[]"),
                Frame::Broken("bad Content-Length \"x\"".into()),
                Frame::Broken("not a header: garbage".into()),
                message("null"),
            ]
        );
    }

    #[test]
    fn only_what_the_library_decodes_passes() {
        let ok = [
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#,
                Some("shutdown"),
            ),
            (r#"{"jsonrpc":"2.0","method":"exit"}"#, Some("exit")),
            (r#"{"jsonrpc":"2.0","id":"a","result":null}"#, None),
            // The library reads a missing method as "" (and answers MethodNotFound).
            (r#"{"jsonrpc":"2.0","id":7}"#, Some("")),
        ];
        for (body, method) in ok {
            assert_eq!(
                check(body.as_bytes()),
                Ok(method.map(String::from)),
                "{body}"
            );
        }
        let bad = [
            ("{not json", Id::Null, Error::parse_error()),
            ("", Id::Null, Error::parse_error()),
            ("[1, 2]", Id::Null, Error::invalid_request()),
            (
                r#"{"jsonrpc":"1.0","id":7,"method":"x"}"#,
                Id::Number(7),
                Error::invalid_request(),
            ),
            (
                r#"{"id":8,"method":"x"}"#,
                Id::Number(8),
                Error::invalid_request(),
            ),
        ];
        for (body, id, error) in bad {
            assert_eq!(
                check(body.as_bytes()),
                Err(Response::from_error(id, error)),
                "{body}"
            );
        }
        assert!(check(b"\xff\xfe").is_err());
    }
}
